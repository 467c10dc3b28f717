// The trust layer's request flow (reference §2.1): Authorization parsing, access token
// (cached), lifetime, DPoP binding and proof; then, as a stage of its own, policy.
#include "auth/trust_layer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/dpop.hpp"
#include "auth/errors.hpp"
#include "auth/htu.hpp"
#include "auth/jwks_fetch.hpp"
#include "auth/policy.hpp"
#include "base/saturating.hpp"

namespace gateway::auth {
namespace {

enum class Scheme { dpop, bearer };

struct Credentials {
  Scheme scheme;
  std::string_view token;
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 7235 token68: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". A table,
// not isalnum(): tokens are kilobytes long and this runs on every request.
constexpr std::array<bool, 256> kToken68Chars = [] {
  std::array<bool, 256> table{};
  for (unsigned char c = '0'; c <= '9'; ++c) table[c] = true;
  for (unsigned char c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (unsigned char c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (const unsigned char c : {'-', '.', '_', '~', '+', '/'}) table[c] = true;
  return table;
}();

bool is_token68(std::string_view token) {
  const std::size_t body_end = token.find_last_not_of('=');
  if (body_end == std::string_view::npos) return false;
  return std::all_of(token.begin(), token.begin() + static_cast<std::ptrdiff_t>(body_end) + 1,
                     [](char c) { return kToken68Chars[static_cast<unsigned char>(c)]; });
}

Result<Credentials> parse_authorization(std::string_view value, std::size_t max_token_bytes) {
  value = trim(value);
  const std::size_t space = value.find_first_of(" \t");
  if (space == std::string_view::npos) {
    return fail(FailureReason::malformed_authorization, "no scheme/token separator");
  }
  const std::string_view scheme = value.substr(0, space);
  const std::string_view token = trim(value.substr(space + 1));
  Credentials credentials{Scheme::dpop, token};
  if (iequals(scheme, "Bearer")) {
    credentials.scheme = Scheme::bearer;
  } else if (!iequals(scheme, "DPoP")) {
    return fail(FailureReason::unsupported_scheme, "scheme " + std::string(scheme.substr(0, 20)));
  }
  if (token.size() > max_token_bytes) {
    return fail(FailureReason::token_too_large, std::to_string(token.size()) + " bytes");
  }
  if (!is_token68(token)) return fail(FailureReason::malformed_authorization, "not token68");
  return credentials;
}

ops::Counter* jwks_fetches(ops::MetricsRegistry& metrics, const char* result) {
  return &metrics.counter("gateway_auth_jwks_fetches_total",
                          "JWKS fetches of the trust layer, by result", {{"result", result}});
}

}  // namespace

std::int64_t system_clock_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TrustLayer::TrustLayer(AuthConfig config, ops::MetricsRegistry& metrics, Clock clock,
                       JwksFetcher fetcher, std::shared_ptr<ReplayCache> replay)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      proof_algs_text_(algorithm_list_text(config_.proof_algs)),
      key_fetches_ok_(jwks_fetches(metrics, "ok")),
      key_fetches_failed_(jwks_fetches(metrics, "failed")),
      keys_(fetcher ? std::move(fetcher)
                    : make_jwks_fetcher(config_.jwks, config_.issuer,
                                        std::chrono::milliseconds(config_.jwks_fetch_timeout_ms)),
            clock_, config_.jwks_ttl_seconds, config_.jwks_refresh_interval_seconds,
            config_.jwks_withdrawal_grace_seconds),
      signature_cache_(config_.signature_cache_entries),
      proof_keys_(config_.proof_key_cache_entries),
      replay_(replay ? std::move(replay)
                     : std::make_shared<InMemoryReplayCache>(config_.replay_cache_entries)) {
  if (config_.dpop_nonce) {
    nonces_ = std::make_unique<DpopNonces>(config_.dpop_nonce_rotation_seconds,
                                           config_.dpop_nonce_secret);
  }
  for (std::size_t i = 0; i < kFailureReasonCount; ++i) {
    failures_[i] = &metrics.counter(
        "gateway_auth_failures_total", "Requests refused by the trust layer, by reason",
        {{"reason", std::string(reason_label(static_cast<FailureReason>(i)))}});
  }
}

TrustLayer::~TrustLayer() = default;

fhir::Status TrustLayer::load_keys() const {
  auto loaded = keys_.refresh();
  count_fetch(loaded);
  if (!loaded) return to_fhir_error(loaded.error(), {});  // 503: no challenge to fill in
  return {};
}

void TrustLayer::start_key_refresh() {
  if (refresher_) return;
  const std::chrono::seconds period(
      std::min(config_.jwks_refresh_seconds, config_.jwks_ttl_seconds));
  const std::chrono::seconds retry(config_.jwks_refresh_interval_seconds);
  refresher_ = std::make_unique<KeyRefresher>(
      keys_, period, retry, [this](const Status& fetched) { count_fetch(fetched); });
}

bool TrustLayer::keys_loaded() const { return keys_.loaded(); }

void TrustLayer::count_fetch(const Status& fetched) const {
  (fetched ? key_fetches_ok_ : key_fetches_failed_)->inc();
}

bool TrustLayer::bearer_allowed(const fhir::Route& route) const {
  return !config_.dpop_required ||
         std::find(config_.bearer_routes.begin(), config_.bearer_routes.end(), route.pattern) !=
             config_.bearer_routes.end();
}

void TrustLayer::record_refusal(const Failure& failure, std::string_view route_pattern,
                                std::string_view request_id, const Principal* token) const {
  failures_[static_cast<std::size_t>(failure.reason)]->inc();
  if (!failure_log_) return;
  FailureRecord record{reason_label(failure.reason),
                       failure.detail,
                       request_id,
                       route_pattern,
                       failure.kid,
                       {},
                       {},
                       failure.proof_jti};
  if (token) {
    record.client_id = token->client_id;
    record.token_jti = token->token_id;
    if (record.kid.empty()) record.kid = token->token_kid;
  }
  failure_log_(record);
}

fhir::Error TrustLayer::reject(const Failure& failure, const fhir::Route& route,
                               std::string_view request_id, const Principal* token) const {
  record_refusal(failure, route.pattern, request_id, token);
  ChallengeParams params{
      proof_algs_text_, bearer_allowed(route), required_scope(config_.policy.scopes, route), {}};
  if (nonces_ && challenge_of(failure.reason) != Challenge::unavailable) {
    params.dpop_nonce = nonces_->current(clock_());
  }
  return to_fhir_error(failure, params);
}

std::optional<std::string> TrustLayer::current_dpop_nonce() const {
  if (!nonces_) return std::nullopt;
  return nonces_->current(clock_());
}

Result<std::shared_ptr<const VerifiedToken>> TrustLayer::verified_token(std::string_view token,
                                                                        std::int64_t now) const {
  const std::string token_sha256 = sha256(token);
  if (auto cached = signature_cache_.find(token_sha256, now)) return cached;
  const AccessTokenRules rules{config_.issuer, config_.audience, config_.token_algs,
                               config_.single_audience};
  auto verified = verify_access_token(token, rules, keys_);
  if (!verified) return std::move(verified).take_error();
  verified->ath = base64url_encode(token_sha256);
  auto shared = std::make_shared<const VerifiedToken>(std::move(verified).value());
  signature_cache_.store(token_sha256, shared,
                         saturating_add(shared->expires_at, config_.clock_skew_seconds), now);
  return shared;
}

Status TrustLayer::check_proof(const fhir::Request& request, const VerifiedToken& verified,
                               std::int64_t now) const {
  const std::size_t proofs = request.header_count("dpop");
  if (proofs == 0) return fail(FailureReason::missing_proof);
  if (proofs > 1) return fail(FailureReason::duplicate_proof, std::to_string(proofs) + " headers");
  std::optional<std::string> htu;
  if (!config_.public_url.empty()) {
    htu = expected_htu(config_.public_url, request.target);
  } else if (config_.htu_from_host_header) {
    htu = expected_htu("http://" + std::string(request.header("host").value_or("localhost")),
                       request.target);
  }
  if (!htu) return fail(FailureReason::proof_htu_mismatch, "cannot form the expected htu");
  const ProofContext context{
      trim(*request.header("dpop")), request.method, *htu, verified.ath, verified.cnf_jkt, now};
  const ProofRules rules{config_.proof_algs, config_.dpop_iat_past_seconds,
                         config_.dpop_iat_future_seconds, config_.max_jti_bytes, nonces_.get()};
  auto checked = check_dpop_proof(context, rules, *replay_, &proof_keys_);
  if (!checked) return std::move(checked).take_error();
  return {};
}

fhir::Result<std::shared_ptr<const Principal>> TrustLayer::authenticate(
    const fhir::Request& request, const fhir::Route& route) const {
  if (route.access == fhir::Access::open) return std::shared_ptr<const Principal>();
  const std::string_view request_id = request.context.request_id;
  const std::int64_t now = clock_();
  const std::size_t authorizations = request.header_count("authorization");
  if (authorizations == 0) {
    return reject(fail(FailureReason::missing_credentials), route, request_id);
  }
  if (authorizations > 1) {
    return reject(fail(FailureReason::duplicate_authorization), route, request_id);
  }
  const auto credentials =
      parse_authorization(*request.header("authorization"), config_.max_token_bytes);
  if (!credentials) return reject(credentials.error(), route, request_id);
  const bool dpop = credentials->scheme == Scheme::dpop;
  if (!dpop && !bearer_allowed(route)) {
    return reject(fail(FailureReason::dpop_required, "Bearer"), route, request_id);
  }

  const auto verified = verified_token(credentials->token, now);
  if (!verified) return reject(verified.error(), route, request_id);
  const VerifiedToken& token = **verified;
  const Principal* caller = token.principal.get();
  const LifetimeRules lifetime_rules{config_.clock_skew_seconds,
                                     config_.max_token_lifetime_seconds};
  if (auto lifetime = check_token_lifetime(token, now, lifetime_rules); !lifetime) {
    return reject(lifetime.error(), route, request_id, caller);
  }
  if (dpop) {
    if (token.cnf_jkt.empty()) {
      return reject(fail(FailureReason::missing_cnf), route, request_id, caller);
    }
    if (auto proof = check_proof(request, token, now); !proof) {
      return reject(proof.error(), route, request_id, caller);
    }
  } else if (token.has_cnf) {
    return reject(fail(FailureReason::dpop_bound_as_bearer), route, request_id, caller);
  }
  return token.principal;
}

fhir::Status TrustLayer::authorize(fhir::RequestContext& context) const {
  const fhir::Route& route = *context.route;
  if (route.access == fhir::Access::open) return {};
  if (!context.principal) {
    return reject(fail(FailureReason::missing_credentials), route, context.request_id);
  }
  auto allowed = check_policy(*context.principal, route, config_.policy);
  if (!allowed) return reject(allowed.error(), route, context.request_id, context.principal.get());
  context.compartment_patient = std::move(allowed->compartment_patient);
  context.citizen_view = allowed->citizen;
  return {};
}

fhir::Status TrustLayer::check_patient(const Principal& principal,
                                       std::string_view patient_identifier,
                                       std::string_view request_id) const {
  auto named = auth::check_patient(principal, patient_identifier);
  if (named) return {};
  record_refusal(named.error(), {}, request_id, &principal);
  return to_fhir_error(named.error(), ChallengeParams{proof_algs_text_, false, {}, {}});
}

}  // namespace gateway::auth
