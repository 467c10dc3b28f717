// The trust layer's facade, in two stages: authenticate a request (access token, DPoP proof)
// to a principal, then authorise that principal for a route; each returns a ready-to-send
// error.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/config.hpp"
#include "auth/dpop_nonce.hpp"
#include "auth/failure.hpp"
#include "auth/jwks_store.hpp"
#include "auth/key_refresher.hpp"
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

// One refused request, for the log: the reason code and what identifies the caller and its
// credentials. Never the token, never the request URL or anything else that may name a
// patient. Views into the failure and the request; valid during the callback only.
struct FailureRecord {
  std::string_view reason;  // reason_label(), e.g. "proof_replay"
  std::string_view detail;  // internal detail
  std::string_view request_id;
  std::string_view route;      // the route template
  std::string_view kid;        // the access token's kid, when known
  std::string_view client_id;  // from a verified token only
  std::string_view token_jti;  // from a verified token only
  std::string_view proof_jti;  // the DPoP proof's jti, when read
};
using FailureLog = std::function<void(const FailureRecord&)>;

class TrustLayer {
 public:
  // `fetcher` defaults to make_jwks_fetcher(config.jwks, config.issuer,
  // config.jwks_fetch_timeout_ms); `replay` defaults to an InMemoryReplayCache. Requests
  // never fetch keys: load_keys() does, and so does the refresher start_key_refresh() starts.
  TrustLayer(AuthConfig config, ops::MetricsRegistry& metrics, Clock clock = system_clock_seconds,
             JwksFetcher fetcher = {}, std::shared_ptr<ReplayCache> replay = {});
  // Stops the key refresher, aborting a fetch in flight (within about a second).
  ~TrustLayer();

  // Stage 1, thread-safe: the Authorization header, the access token (verified once, then
  // cached), its lifetime and its DPoP binding and proof; no access policy. Access::open
  // routes return a null principal without reading any header.
  fhir::Result<std::shared_ptr<const Principal>> authenticate(const fhir::Request& request,
                                                              const fhir::Route& route) const;
  // Stage 2, thread-safe: the access policy for context.route and context.principal (scope,
  // user or machine token, security level, attestation). Access::open routes need nothing.
  // A grant limited to one patient sets context.compartment_patient.
  fhir::Status authorize(fhir::RequestContext& context) const;

  // Every refusal of authenticate, authorize and check_patient is passed here, once. Set
  // before serving; not thread-safe.
  void set_failure_log(FailureLog log) { failure_log_ = std::move(log); }

  // The DPoP nonce clients must use now, when dpop_nonce is on: for the DPoP-Nonce header.
  std::optional<std::string> current_dpop_nonce() const;

  // For handlers that know which patient (fødselsnummer/D-number) a request concerns: the
  // attestation must name that patient. A 403 error if not.
  fhir::Status check_patient(const Principal& principal, std::string_view patient_identifier,
                             std::string_view request_id = {}) const;

  // Fetches the JWKS now, on the calling thread: a 503 error whose log_detail says why, if
  // that failed. For tests and tools; a server starts the refresher instead.
  fhir::Status load_keys() const;

  // Starts the one background thread that fetches the JWKS: at once, then every
  // jwks_refresh_seconds (capped at jwks_ttl_seconds; after a failure every
  // jwks_refresh_interval_seconds), and early when a request names an unknown kid (at most
  // once per jwks_refresh_interval_seconds). Later calls do nothing; not thread-safe.
  void start_key_refresh();
  // False until a JWKS has been fetched successfully: for a readiness check. Every fetch
  // counts in gateway_auth_jwks_fetches_total{result="ok"|"failed"}.
  bool keys_loaded() const;

  const AuthConfig& config() const { return config_; }

 private:
  Result<std::shared_ptr<const VerifiedToken>> verified_token(std::string_view token,
                                                              std::int64_t now) const;
  Status check_proof(const fhir::Request& request, const VerifiedToken& verified,
                     std::int64_t now) const;
  bool bearer_allowed(const fhir::Route& route) const;
  void count_fetch(const Status& fetched) const;
  // Counts and logs a refusal once; `token` is the verified token's principal, if any.
  void record_refusal(const Failure& failure, std::string_view route_pattern,
                      std::string_view request_id, const Principal* token) const;
  // Counts, logs and renders a refusal; `token` is the verified token, when there is one.
  fhir::Error reject(const Failure& failure, const fhir::Route& route, std::string_view request_id,
                     const Principal* token = nullptr) const;

  AuthConfig config_;
  Clock clock_;
  std::string proof_algs_text_;
  std::array<ops::Counter*, kFailureReasonCount> failures_{};
  ops::Counter* key_fetches_ok_;
  ops::Counter* key_fetches_failed_;
  mutable JwksStore keys_;
  mutable SignatureCache signature_cache_;
  mutable ProofKeyCache proof_keys_;
  std::shared_ptr<ReplayCache> replay_;
  std::unique_ptr<DpopNonces> nonces_;  // when dpop_nonce is on
  FailureLog failure_log_;
  std::unique_ptr<KeyRefresher> refresher_;  // after keys_: stops before the store goes
};

}  // namespace gateway::auth
