// The trust layer's facade, in two stages: authenticate a request (access token, DPoP proof)
// to a principal, then authorise that principal for a route; each returns a ready-to-send
// error.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "auth/config.hpp"
#include "auth/failure.hpp"
#include "auth/jwks_store.hpp"
#include "auth/principal.hpp"
#include "auth/proof_key_cache.hpp"
#include "auth/replay_cache.hpp"
#include "auth/signature_cache.hpp"
#include "fhir/error.hpp"
#include "fhir/request.hpp"
#include "fhir/router.hpp"
#include "ops/metrics.hpp"

namespace gateway::auth {

std::int64_t system_clock_seconds();

class TrustLayer {
 public:
  // `fetcher` defaults to make_jwks_fetcher(config.jwks, config.issuer); `replay` defaults
  // to an InMemoryReplayCache. Keys are fetched lazily on first use (or by load_keys()).
  TrustLayer(AuthConfig config, ops::MetricsRegistry& metrics, Clock clock = system_clock_seconds,
             JwksFetcher fetcher = {}, std::shared_ptr<ReplayCache> replay = {});

  // Stage 1, thread-safe: the Authorization header, the access token (verified once, then
  // cached), its lifetime and its DPoP binding and proof; no access policy. Access::open
  // routes return a null principal without reading any header.
  fhir::Result<std::shared_ptr<const Principal>> authenticate(const fhir::Request& request,
                                                              const fhir::Route& route) const;
  // Stage 2, thread-safe: the access policy for the route (scope, user or machine token,
  // security level, attestation). Access::open routes need nothing.
  fhir::Status authorize(const Principal& principal, const fhir::Route& route) const;

  // For handlers that know which patient (fødselsnummer/D-number) a request concerns: the
  // attestation must name that patient. A 403 error if not.
  fhir::Status check_patient(const Principal& principal, std::string_view patient_identifier) const;

  // Fetches the JWKS now (e.g. at startup, to fail fast): a 503 error whose log_detail says
  // why, if that failed.
  fhir::Status load_keys() const;

  const AuthConfig& config() const { return config_; }

 private:
  // `token_sha256`: the raw SHA-256 of `token`, computed once per request.
  Result<std::shared_ptr<const VerifiedToken>> verified_token(std::string_view token,
                                                              std::string_view token_sha256,
                                                              std::int64_t now) const;
  Status check_proof(const fhir::Request& request, std::string_view expected_ath,
                     const VerifiedToken& verified, std::int64_t now) const;
  bool bearer_allowed(const fhir::Route& route) const;
  fhir::Error reject(const Failure& failure, const fhir::Route& route) const;

  AuthConfig config_;
  Clock clock_;
  std::string proof_algs_text_;
  std::array<ops::Counter*, kFailureReasonCount> failures_{};
  mutable JwksStore keys_;
  mutable SignatureCache signature_cache_;
  mutable ProofKeyCache proof_keys_;
  std::shared_ptr<ReplayCache> replay_;
};

}  // namespace gateway::auth
