// DPoP proof validation (RFC 9449 §4.3 and NHN's API-side checklist), cheapest checks first:
// shape, typ, allow-listed alg, no crit, public-only jwk, the claims (jti, htm, htu, iat
// window, ath, nonce), the jwk's thumbprint against cnf.jkt; only then key import (RSA 2048
// to 4096 bits, e = 65537) and the signature; finally single use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "auth/algorithm.hpp"
#include "auth/dpop_nonce.hpp"
#include "auth/failure.hpp"
#include "auth/proof_key_cache.hpp"
#include "auth/replay_cache.hpp"

namespace gateway::auth {

struct ProofRules {
  std::vector<Algorithm> algs;
  std::int64_t iat_past_seconds = 10;   // oldest accepted iat: now - past
  std::int64_t iat_future_seconds = 5;  // newest accepted iat: now + future
  std::size_t max_jti_bytes = 256;
  const DpopNonces* nonces = nullptr;  // when set, the proof must carry a current nonce
};

struct ProofContext {
  std::string_view proof;         // the DPoP header value
  std::string_view method;        // request method, compared case-sensitively
  std::string_view expected_htu;  // normalize_htu() form of the URL the client called
  std::string_view expected_ath;  // base64url(SHA-256(access token exactly as received))
  std::string_view expected_jkt;  // cnf.jkt of the access token
  std::int64_t now = 0;
};

struct ProofCheck {
  bool nonce_stale = false;  // accepted with the previous window's nonce: send a fresh one
};

// Checks everything; records the proof in `replay` only when all other checks pass.
// `keys`, if given, saves hashing and re-importing a client's key on every request.
// A failure carries the proof's jti when it was read.
Result<ProofCheck> check_dpop_proof(const ProofContext& context, const ProofRules& rules,
                                    ReplayCache& replay, ProofKeyCache* keys = nullptr);

}  // namespace gateway::auth
