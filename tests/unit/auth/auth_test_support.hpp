// Shared fixtures for the trust-layer tests: Appendix A vectors, keys, JWS re-signing and
// a TrustLayer wired to an injected clock and JWKS.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/base64url.hpp"
#include "auth/jws.hpp"
#include "auth/signing_key.hpp"
#include "auth/trust_layer.hpp"
#include "fhir/request.hpp"
#include "fhir/router.hpp"
#include "jwks_test_support.hpp"
#include "ops/metrics.hpp"
#include "result_matchers.hpp"

namespace gateway::auth::testing {

using ::gateway::testing::HasErrorKind;
using ::gateway::testing::HasFailureReason;
using ::gateway::testing::IsOk;
using nlohmann::json;

// Appendix A.4 of the reference (helseid-trust-layer.md).
inline constexpr std::int64_t kAppendixNow = 1767225605;
inline constexpr const char* kAppendixIssuer = "https://helseid-sts.test.nhn.no";
inline constexpr const char* kAppendixAudience = "nhn:example-fhir-gateway";
inline constexpr const char* kAppendixScope = "nhn:example-fhir-gateway/read";
inline constexpr const char* kAppendixPublicUrl = "https://fhir.example.test";
inline constexpr const char* kAppendixKid = "TESTKID000000000000000000000000000000000";
inline constexpr const char* kAppendixJkt = "u8oRURKI5o4WnM1J_We9uuLPAEDDpkgiE_8Izz8fBHA";
inline constexpr const char* kAppendixAth = "_RsMPVI6YrlVn6jiRQFXQWo622yBEX-m0IYhl018CrM";

inline const char* const kAppendixJwks =
    R"({"keys":[{"kty":"RSA","use":"sig","kid":"TESTKID000000000000000000000000000000000","e":"AQAB","alg":"RS256","n":"0bqeTXW7zawYvHeyw_aeB1TjC4BZniyBLyr-PVmirWPU7HlB5tyhniqVGIl2XWYuIdsYSlwDXxbZxDKKhPldu-Ap6MfvV_AuGUw-CUBVTpeR6IQ36_2mf94x7U23_H0Ac5Xje7yXCC6_J-O1EaBzhKsAZ83EbycwWQ7k-nZtc0yndb7b8m384Dp2-u-QEk9nWg_rE6PG0Rpcehgz2jfYWot3KYcho51Jrq6tyMXltVSi9BzWgQeGi7tuzM3X2OS-WeYFkfknxBmBYJIpRzpVt0lIi51qhEYu2vY9OpwQaaToxTmWzf-ggzArZkg5S4KOehFGNkL34TO_TaoL5Krt1w"}]})";

inline const char* const kAppendixClientJwk =
    R"({"kty":"EC","crv":"P-256","x":"gzNkBu26P0hPd37mspBp5nAGz8fmqXhIg3NKg6YyBDo","y":"fs0u5djmQWMvbnQw-nDbn1G9flKaFsTFqIBmOwZKxDU","d":"zkHEx8n7bIgXVbsy6CSxy8Vmis8S-8-x9bVUq_AYePs"})";

inline const char* const kAppendixToken =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IlRFU1RLSUQwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJ0eXAiOi"
    "JhdCtqd3QifQ."
    "eyJpc3MiOiJodHRwczovL2hlbHNlaWQtc3RzLnRlc3QubmhuLm5vIiwibmJmIjoxNzY3MjI1NjAwLCJpYXQiOjE3NjcyMj"
    "U2MDAsImV4cCI6MTc2NzIyNTkwMCwiYXVkIjoibmhuOmV4YW1wbGUtZmhpci1nYXRld2F5Iiwic2NvcGUiOlsibmhuOmV4"
    "YW1wbGUtZmhpci1nYXRld2F5L3JlYWQiXSwiY2xpZW50X2lkIjoiN2IzYTRmMmUtMWMyZC00ZTVmLThhOWItMGMxZDJlM2"
    "Y0YTViIiwiY2xpZW50X2FtciI6InByaXZhdGVfa2V5X2p3dCIsImhlbHNlaWQ6Ly9jbGFpbXMvY2xpZW50L2FtciI6InJz"
    "YV9wcml2YXRlX2tleSIsImhlbHNlaWQ6Ly9jbGFpbXMvY2xpZW50L2NsaWVudF9uYW1lIjoiVGVzdCBFUEoiLCJoZWxzZW"
    "lkOi8vY2xhaW1zL2NsaWVudC9jbGllbnRfdGVuYW5jeSI6InNpbmdsZS10ZW5hbnQiLCJoZWxzZWlkOi8vY2xhaW1zL2Ns"
    "aWVudC9jbGFpbXMvb3JnbnJfcGFyZW50IjoiOTk5OTc3Nzc0IiwiaGVsc2VpZDovL2NsYWltcy9jbGllbnQvY2xhaW1zL2"
    "9yZ25yX2NoaWxkIjoiOTk5OTc3Nzc1Iiwic3ViIjoieDZWZDFIMGdIMEtmQzBtNE44bThtM3E2YTFiMmMzZDRlNWY2Zzdo"
    "OGk5PSIsImF1dGhfdGltZSI6MTc2NzIyNTU0MCwiaWRwIjoidGVzdGlkcC1vaWRjIiwiYW1yIjpbInB3ZCJdLCJoZWxzZW"
    "lkOi8vY2xhaW1zL2lkZW50aXR5L3BpZCI6IjA1ODk4NTk3NDY4IiwiaGVsc2VpZDovL2NsYWltcy9pZGVudGl0eS9zZWN1"
    "cml0eV9sZXZlbCI6IjQiLCJoZWxzZWlkOi8vY2xhaW1zL2lkZW50aXR5L2Fzc3VyYW5jZV9sZXZlbCI6ImhpZ2giLCJoZW"
    "xzZWlkOi8vY2xhaW1zL2hwci9ocHJfbnVtYmVyIjoiNTY1NTAxODcyIiwiaGVsc2VpZDovL2NsYWltcy9pZGVudGl0eS9u"
    "ZXR3b3JrIjoiaW50ZXJuZXR0IiwibmFtZSI6IlRlc3QgVGVzdGVzZW4iLCJzaWQiOiIzRjFBMkIzQzRENUU2RjcwODE5Mk"
    "EzQjRDNUQ2RTdGOCIsImp0aSI6IkI4QkIzRjE2MUQwRjIyODM5Mjg4QUQ2NUY0MDA5NUQ4IiwiY25mIjp7ImprdCI6InU4"
    "b1JVUktJNW80V25NMUpfV2U5dXVMUEFFRERwa2dpRV84SXp6OGZCSEEifX0."
    "VYJyWxdu2qk7jF_KPnHuK6J9dPNhzKcaQqLLEg37Tf-QixDUzRhuotzeA0o-"
    "3SrAkR9O4O8HCc9QB38Awora2swrhv1DFxmPbsVXFeo1S9WeoFjd8ZTGctIhcs-hX0S2YBySZyNwnkss-XCCkMUZe7-"
    "eT5AefmOFkI6ROjKWMmR_"
    "Iu3Q0W8xCCVOhGF9omjYsBFaKISQiHOUVRvQ9SEmBwiy9IQTXOzCC4LkKRunt5viIqmu2YzETdaObgIEpER-"
    "GwWpcROPi0HWSjbCSrqtkftTBcqj4ntHA1LZo2Rgp2XamXSJatsw9FpUK_j1MIKRbm9KJALv36-DZ_sEdDqGxg";

inline const char* const kAppendixProof =
    "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwiY3J2IjoiUC0yNTYiLCJ4IjoiZ3"
    "pOa0J1MjZQMGhQZDM3bXNwQnA1bkFHejhmbXFYaElnM05LZzZZeUJEbyIsInkiOiJmczB1NWRqbVFXTXZiblF3LW5EYm4x"
    "RzlmbEthRnNURnFJQm1Pd1pLeERVIn19."
    "eyJqdGkiOiI0ZjZjMmIyZS0zYzFkLTRiOGEtOWU3Zi0wYTFiMmMzZDRlNWYiLCJodG0iOiJHRVQiLCJodHUiOiJodHRwcz"
    "ovL2ZoaXIuZXhhbXBsZS50ZXN0L2ZoaXIvUGF0aWVudC8xMjMiLCJpYXQiOjE3NjcyMjU2MDUsImF0aCI6Il9Sc01QVkk2"
    "WXJsVm42amlSUUZYUVdvNjIyeUJFWC1tMElZaGwwMThDck0ifQ."
    "X_kZYio_63jabm39PB3slJwL_nRadgr8r3YROwmvEP5aF6uuc9ijC2aEybTaBBKsHjGH-2aZp_Gup-ErVs-SMg";

inline constexpr const char* kResignedKid = "RESIGNED-KID";

// Header and payload of a compact JWS (signature not checked).
struct JwsParts {
  json header;
  json payload;
};

inline JwsParts split(const std::string& compact) {
  const auto decoded = decode_jws(compact);
  EXPECT_TRUE(decoded.has_value()) << compact;
  return decoded ? JwsParts{decoded->header, decoded->payload} : JwsParts{};
}

inline std::string sign(const json& header, const json& payload, const SigningKey& key,
                        Algorithm alg) {
  return sign_compact_jws(header, payload, key, alg).value();
}

// A compact JWS with an arbitrary signature, for algorithms the gateway never signs with.
inline std::string forge(const json& header, const json& payload, const std::string& signature) {
  return base64url_encode(header.dump()) + "." + base64url_encode(payload.dump()) + "." +
         base64url_encode(signature);
}

// One RSA issuer key for all tests (generation is slow), published as kResignedKid.
inline const SigningKey& resigned_issuer_key() {
  static const SigningKey key = SigningKey::generate_rsa(2048).value();
  return key;
}

inline const SigningKey& appendix_client_key() {
  static const SigningKey key =
      SigningKey::from_private_ec_jwk(json::parse(kAppendixClientJwk)).value();
  return key;
}

// The appendix JWKS plus the re-signing key.
inline std::string combined_jwks() {
  json jwks = json::parse(kAppendixJwks);
  json own = resigned_issuer_key().public_jwk();
  own["kid"] = kResignedKid;
  own["alg"] = "RS256";
  jwks["keys"].push_back(own);
  return jwks.dump();
}

inline fhir::Route route(fhir::Access access, std::string pattern = "/fhir/Patient/{id}",
                         fhir::Interaction interaction = fhir::Interaction::read,
                         std::string method = "GET", std::string resource_type = "Patient") {
  fhir::Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.access = access;
  r.interaction = interaction;
  r.resource_type = std::move(resource_type);
  return r;
}

inline fhir::Request request(std::string method, std::string target,
                             std::vector<fhir::Header> headers) {
  fhir::Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.path = r.target.substr(0, r.target.find('?'));
  r.headers = std::move(headers);
  r.context.request_id = "test-request";
  return r;
}

// A refusal as the trust layer logged it (copies of the FailureRecord's views).
struct LoggedFailure {
  std::string reason, detail, request_id, route, kid, client_id, token_jti, proof_jti;
};

// Stage 2 as the pipeline runs it, for a principal and a route.
inline fhir::Status authorize(const TrustLayer& layer, std::shared_ptr<const Principal> principal,
                              const fhir::Route& route) {
  fhir::RequestContext context;
  context.route = &route;
  context.principal = std::move(principal);
  return layer.authorize(context);
}

// Both stages as the pipeline runs them: the principal, or the first stage's error.
inline fhir::Result<std::shared_ptr<const Principal>> authenticate_and_authorize(
    const TrustLayer& layer, const fhir::Request& request, const fhir::Route& route) {
  auto principal = layer.authenticate(request, route);
  if (!principal || !*principal) return principal;
  if (auto allowed = authorize(layer, *principal, route); !allowed) {
    return std::move(allowed).take_error();
  }
  return principal;
}

inline AuthConfig appendix_config() {
  AuthConfig c;
  c.issuer = kAppendixIssuer;
  c.audience = kAppendixAudience;
  c.jwks = "unused: injected fetcher";
  c.public_url = kAppendixPublicUrl;
  c.policy.scopes.read = kAppendixScope;
  c.policy.scopes.write = "nhn:example-fhir-gateway/write";
  c.policy.scopes.admin = "nhn:example-fhir-gateway/admin";
  c.policy.require_attestation = false;  // the appendix token carries no attestation
  return c;
}

// A TrustLayer over the appendix configuration with a settable clock and JWKS, its keys
// loaded on the test thread (no refresher).
class TrustLayerFixture : public ::testing::Test {
 protected:
  void make_layer(AuthConfig config = appendix_config()) {
    layer =
        std::make_unique<TrustLayer>(std::move(config), metrics, clock(), jwks.fetcher(), replay);
    layer->set_failure_log([this](const FailureRecord& f) {
      logged.push_back({std::string(f.reason), std::string(f.detail), std::string(f.request_id),
                        std::string(f.route), std::string(f.kid), std::string(f.client_id),
                        std::string(f.token_jti), std::string(f.proof_jti)});
    });
    ASSERT_THAT(layer->load_keys(), IsOk());
  }
  void SetUp() override { make_layer(); }
  Clock clock() {
    return [this] { return now.load(); };
  }

  fhir::Result<std::shared_ptr<const Principal>> call(const std::string& token,
                                                      const std::string& proof,
                                                      const fhir::Route& r,
                                                      std::string method = "GET",
                                                      std::string target = "/fhir/Patient/123",
                                                      std::string scheme = "DPoP") {
    std::vector<fhir::Header> headers{{"authorization", scheme + " " + token}};
    if (!proof.empty()) headers.push_back({"dpop", proof});
    return authenticate_and_authorize(
        *layer, request(std::move(method), std::move(target), std::move(headers)), r);
  }

  // The appendix payload with `changes` merged in, signed with the re-signing key.
  std::string derived_token(const json& changes, const json& header_changes = json::object()) {
    JwsParts parts = split(kAppendixToken);
    if (!changes.is_null()) parts.payload.merge_patch(changes);  // `{}` arrives as null
    parts.header["kid"] = kResignedKid;
    if (!header_changes.is_null()) parts.header.merge_patch(header_changes);
    return sign(parts.header, parts.payload, resigned_issuer_key(), Algorithm::rs256);
  }

  // A proof like the appendix one for `token`, with `changes` merged into its payload.
  std::string derived_proof(const std::string& token, const json& changes = json::object(),
                            const json& header_changes = json::object()) {
    JwsParts parts = split(kAppendixProof);
    parts.payload["ath"] = sha256_base64url(token);
    parts.payload["jti"] = "jti-" + std::to_string(++proof_counter);
    parts.payload["iat"] = now.load();
    if (!changes.is_null()) parts.payload.merge_patch(changes);
    if (!header_changes.is_null()) parts.header.merge_patch(header_changes);
    return sign(parts.header, parts.payload, appendix_client_key(), Algorithm::es256);
  }

  // A counter the trust layer registered (the help text is the layer's, not this "").
  std::uint64_t counter(const std::string& name, const std::string& label, std::string_view value) {
    return metrics.counter(name, "", {{label, std::string(value)}}).value();
  }
  std::uint64_t failures(std::string_view reason) {
    return counter("gateway_auth_failures_total", "reason", reason);
  }
  std::uint64_t jwks_fetches(std::string_view result) {  // "ok" or "failed"
    return counter("gateway_auth_jwks_fetches_total", "result", result);
  }

  static std::string www_authenticate(const fhir::Error& error) {
    for (const auto& h : error.headers) {
      if (h.name == "www-authenticate") return h.value;
    }
    return {};
  }

  ops::MetricsRegistry metrics;
  std::atomic<std::int64_t> now{kAppendixNow};  // read by refresher threads too
  FakeJwksEndpoint jwks{combined_jwks()};
  int proof_counter = 0;
  std::shared_ptr<ReplayCache> replay;  // null: the layer's own in-memory cache
  std::vector<LoggedFailure> logged;
  std::unique_ptr<TrustLayer> layer;  // last: goes before what its threads use
  const fhir::Route user_route = route(fhir::Access::patient_data);
};

}  // namespace gateway::auth::testing
