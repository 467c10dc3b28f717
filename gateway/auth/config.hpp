// Trust-layer configuration: the setting keys it declares and their typed form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "auth/algorithm.hpp"
#include "auth/policy.hpp"
#include "ops/settings.hpp"

namespace gateway::auth {

struct AuthConfig {
  std::string issuer;    // exact iss, e.g. https://helseid-sts.nhn.no
  std::string audience;  // e.g. nhn:fhir-gateway
  std::string jwks;      // JWKS file path, https jwks_uri or https discovery URL
  // External base URL for DPoP htu, e.g. https://fhir.example.no. Empty: every DPoP proof
  // fails the htu check (unless htu_from_host_header), so the app must fill it in.
  std::string public_url;
  // Local test issuer only: take scheme http and the Host header when public_url is empty.
  bool htu_from_host_header = false;

  std::vector<Algorithm> token_algs{Algorithm::rs256};
  std::vector<Algorithm> proof_algs{Algorithm::es256, Algorithm::es384, Algorithm::es512,
                                    Algorithm::ps256, Algorithm::ps384, Algorithm::ps512,
                                    Algorithm::rs256, Algorithm::rs384, Algorithm::rs512};
  bool single_audience = true;
  std::int64_t clock_skew_seconds = 5;
  std::int64_t dpop_iat_past_seconds = 10;
  std::int64_t dpop_iat_future_seconds = 5;
  std::int64_t jwks_ttl_seconds = 86400;
  std::int64_t jwks_refresh_interval_seconds = 60;  // rate limit of unknown-kid refreshes
  std::int64_t jwks_refresh_seconds = 3600;         // background refresh period (<= TTL)
  std::int64_t jwks_fetch_timeout_ms = 5000;        // one fetch, discovery included
  std::int64_t jwks_withdrawal_grace_seconds = 0;   // a key dropped from the JWKS, after the fetch
  std::int64_t max_token_lifetime_seconds = 3600;   // exp - iat of access tokens
  std::size_t max_jti_bytes = 256;                  // longest DPoP proof jti

  bool dpop_nonce = false;  // issue and require DPoP-Nonce (RFC 9449 §8)
  std::int64_t dpop_nonce_rotation_seconds = 300;
  std::string dpop_nonce_secret;  // shared by replicas; empty: random per process

  bool dpop_required = true;               // false: every route also accepts Bearer
  std::vector<std::string> bearer_routes;  // route patterns that also accept Bearer

  PolicyConfig policy;
  std::size_t max_token_bytes = 16384;
  std::size_t signature_cache_entries = 10000;
  std::size_t proof_key_cache_entries = 10000;
  std::size_t replay_cache_entries = 262144;  // 72 bytes each, allocated at start
};

std::vector<ops::SettingSpec> auth_setting_specs();

// Reads every key; invalid values are recorded in the reader's errors. With no issuer
// configured the result has an empty issuer and the caller decides (see
// ensure_local_test_issuer); a partly configured issuer is an error.
AuthConfig load_auth_config(ops::SettingsReader& reader);

}  // namespace gateway::auth
