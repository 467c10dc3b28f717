// TrustLayer request handling: Authorization and DPoP headers, malformed input, error
// responses, metrics and the signature cache.
#include "auth_test_support.hpp"

namespace gateway::auth::testing {
namespace {

using fhir::ErrorKind;

class TrustLayerTest : public TrustLayerFixture {};

TEST_F(TrustLayerTest, OpenRouteReturnsNullPrincipalWithoutReadingHeaders) {
  const fhir::Route open = route(fhir::Access::open, "/metadata");
  const auto result = layer->authenticate(
      request("GET", "/metadata", {{"authorization", "garbage"}, {"authorization", "more"}}), open);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, nullptr);
  EXPECT_EQ(jwks.fetches(), 1);  // the fixture's load_keys() only
  EXPECT_THAT(authorize(*layer, std::make_shared<Principal>(), open),
              IsOk());  // open routes need no scope
}

TEST_F(TrustLayerTest, AuthenticatedPrincipalIsRefusedByPolicyAsBefore) {
  const std::string token = derived_token({{"scope", nullptr}});
  const auto principal = layer->authenticate(
      request("GET", "/fhir/Patient/123",
              {{"authorization", "DPoP " + token}, {"dpop", derived_proof(token)}}),
      user_route);
  ASSERT_THAT(principal, IsOk());
  ASSERT_NE(*principal, nullptr);
  EXPECT_TRUE((*principal)->scopes.empty());
  EXPECT_EQ(failures("insufficient_scope"), 0u);

  const fhir::Status allowed = authorize(*layer, *principal, user_route);
  ASSERT_THAT(allowed, HasErrorKind(ErrorKind::forbidden));
  EXPECT_EQ(allowed.error().log_detail.rfind("auth insufficient_scope", 0), 0u);
  const std::string challenge = www_authenticate(allowed.error());
  EXPECT_NE(challenge.find("error=\"insufficient_scope\""), std::string::npos);
  EXPECT_NE(challenge.find("scope=\"" + std::string(kAppendixScope) + "\""), std::string::npos);
  EXPECT_EQ(failures("insufficient_scope"), 1u);
}

TEST_F(TrustLayerTest, UnusableAttestationIsNamedWhenPolicyNeedsOne) {
  AuthConfig config = appendix_config();
  config.policy.require_attestation = true;
  make_layer(config);
  const std::string token = derived_token({{"nhn:tillitsrammeverk:parameters", 42}});
  const auto principal = layer->authenticate(
      request("GET", "/fhir/Patient/123",
              {{"authorization", "DPoP " + token}, {"dpop", derived_proof(token)}}),
      user_route);
  ASSERT_THAT(principal, IsOk());
  const fhir::Status allowed = authorize(*layer, *principal, user_route);
  ASSERT_THAT(allowed, HasErrorKind(ErrorKind::forbidden));
  EXPECT_EQ(allowed.error().log_detail,
            "auth attestation_required: attestation claim is neither an object nor a JSON object "
            "string");
  EXPECT_EQ(failures("attestation_required"), 1u);
}

TEST_F(TrustLayerTest, MissingAuthorizationGetsChallengeWithoutErrorCode) {
  const auto result = layer->authenticate(request("GET", "/fhir/Patient/123", {}), user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
  const std::string challenge = www_authenticate(result.error());
  EXPECT_EQ(challenge.rfind("DPoP ", 0), 0u);
  EXPECT_EQ(challenge.find("error="), std::string::npos);
  EXPECT_NE(challenge.find("algs=\"ES256"), std::string::npos);
  EXPECT_EQ(failures("missing_credentials"), 1u);
}

TEST_F(TrustLayerTest, DuplicateAuthorizationHeaderIsABadRequest) {
  const std::string proof = derived_proof(kAppendixToken);
  const auto result =
      layer->authenticate(request("GET", "/fhir/Patient/123",
                                  {{"authorization", std::string("DPoP ") + kAppendixToken},
                                   {"authorization", std::string("DPoP ") + kAppendixToken},
                                   {"dpop", proof}}),
                          user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::invalid_request);
  EXPECT_NE(www_authenticate(result.error()).find("error=\"invalid_request\""), std::string::npos);
}

TEST_F(TrustLayerTest, DuplicateDpopHeaderIsAnInvalidProof) {
  const auto result =
      layer->authenticate(request("GET", "/fhir/Patient/123",
                                  {{"authorization", std::string("DPoP ") + kAppendixToken},
                                   {"dpop", derived_proof(kAppendixToken)},
                                   {"dpop", derived_proof(kAppendixToken)}}),
                          user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
  EXPECT_NE(www_authenticate(result.error()).find("error=\"invalid_dpop_proof\""),
            std::string::npos);
  EXPECT_EQ(failures("duplicate_proof"), 1u);
}

TEST_F(TrustLayerTest, MissingDpopHeaderIsAnInvalidProof) {
  const auto result = call(kAppendixToken, "", user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(failures("missing_proof"), 1u);
}

TEST_F(TrustLayerTest, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(call(kAppendixToken, derived_proof(kAppendixToken), user_route, "GET",
                   "/fhir/Patient/123", "dpop")
                  .ok());
  EXPECT_TRUE(call(kAppendixToken, derived_proof(kAppendixToken), user_route, "GET",
                   "/fhir/Patient/123", "DPOP")
                  .ok());
}

TEST_F(TrustLayerTest, UnknownSchemeIsRefused) {
  const auto result = call(kAppendixToken, derived_proof(kAppendixToken), user_route, "GET",
                           "/fhir/Patient/123", "Basic");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(failures("unsupported_scheme"), 1u);
}

TEST_F(TrustLayerTest, TokenLargerThan16KiBIsRefusedBeforeParsing) {
  const std::string huge(16 * 1024 + 1, 'a');
  const auto result = call(huge, derived_proof(huge), user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(failures("token_too_large"), 1u);
  EXPECT_EQ(jwks.fetches(), 1);  // the fixture's load_keys() only
}

TEST_F(TrustLayerTest, GarbageTokensAreMalformed) {
  const std::vector<std::string> garbage = {
      "abc",                             // one segment
      "a.b",                             // two segments
      "a.b.c.d",                         // four segments
      "!!!.###.$$$",                     // not base64url (and not token68)
      "eyJhbGciOiJSUzI1NiJ9.e30=.c2ln",  // padding in the middle
      base64url_encode("not json") + "." + base64url_encode("{}") + ".c2ln",
      base64url_encode("[1,2]") + "." + base64url_encode("{}") + ".c2ln",
      base64url_encode(R"({"alg":"RS256","alg":"RS256"})") + "." + base64url_encode("{}") + ".c2ln",
      base64url_encode(R"({"alg":"RS256"})") + "." + base64url_encode("{\"a\":") + ".c2ln",
      base64url_encode(R"({"alg":"RS256"})") + "." + base64url_encode("{}") + ".",
  };
  for (const auto& token : garbage) {
    const auto result = call(token, "x.y.z", user_route);
    ASSERT_FALSE(result.ok()) << token;
    EXPECT_EQ(result.error().kind,
              token.find('!') != std::string::npos || token.find("=.") != std::string::npos
                  ? ErrorKind::invalid_request
                  : ErrorKind::unauthorized)
        << token;
  }
  EXPECT_EQ(failures("malformed_token"), 8u);
}

TEST_F(TrustLayerTest, EncryptedTokenIsRefused) {
  const auto result = call("a.b.c.d.e", derived_proof("a.b.c.d.e"), user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(failures("encrypted_token"), 1u);
}

TEST_F(TrustLayerTest, GarbageProofIsMalformed) {
  for (const std::string proof : {"garbage", "a.b.c", "....", ""}) {
    std::vector<fhir::Header> headers{{"authorization", std::string("DPoP ") + kAppendixToken},
                                      {"dpop", proof}};
    const auto result =
        layer->authenticate(request("GET", "/fhir/Patient/123", headers), user_route);
    ASSERT_FALSE(result.ok()) << proof;
    EXPECT_NE(www_authenticate(result.error()).find("invalid_dpop_proof"), std::string::npos);
  }
  EXPECT_EQ(failures("malformed_proof"), 4u);
}

TEST_F(TrustLayerTest, ErrorBodiesCarryNoInternalDetail) {
  const std::string token = derived_token({}, {{"kid", "SECRET-KID-VALUE"}});
  const auto result = call(token, derived_proof(token), user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().diagnostics.find("SECRET-KID-VALUE"), std::string::npos);
  EXPECT_EQ(www_authenticate(result.error()).find("SECRET-KID-VALUE"), std::string::npos);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged.back().kid, "SECRET-KID-VALUE");  // for the log only
  EXPECT_EQ(result.error().diagnostics.find(token.substr(0, 20)), std::string::npos);
}

TEST_F(TrustLayerTest, FailureMetricIsRendered) {
  ASSERT_FALSE(call(kAppendixToken, "", user_route).ok());
  EXPECT_NE(metrics.render().find("gateway_auth_failures_total{reason=\"missing_proof\"} 1"),
            std::string::npos)
      << metrics.render();
}

TEST_F(TrustLayerTest, BearerRouteSendsBothChallenges) {
  AuthConfig config = appendix_config();
  config.bearer_routes = {user_route.pattern};
  make_layer(config);
  const auto result = layer->authenticate(request("GET", "/fhir/Patient/123", {}), user_route);
  ASSERT_FALSE(result.ok());
  int dpop = 0;
  int bearer = 0;
  for (const auto& h : result.error().headers) {
    if (h.name != "www-authenticate") continue;
    dpop += h.value.rfind("DPoP", 0) == 0;
    bearer += h.value.rfind("Bearer", 0) == 0;
  }
  EXPECT_EQ(dpop, 1);
  EXPECT_EQ(bearer, 1);
}

TEST_F(TrustLayerTest, CachedTokenIsStillCheckedForExpiry) {
  ASSERT_TRUE(call(kAppendixToken, derived_proof(kAppendixToken), user_route).ok());
  now = 1767225900 + 5;
  EXPECT_FALSE(call(kAppendixToken, derived_proof(kAppendixToken), user_route).ok());
  EXPECT_EQ(failures("expired"), 1u);
}

TEST_F(TrustLayerTest, CachedTokenNeedsNoKeyLookup) {
  AuthConfig config = appendix_config();
  config.jwks_ttl_seconds = 1;
  config.jwks_refresh_interval_seconds = 1;
  make_layer(config);
  config.signature_cache_entries = 0;
  TrustLayer uncached(config, metrics, clock(), jwks.fetcher());
  ASSERT_TRUE(call(kAppendixToken, derived_proof(kAppendixToken), user_route).ok());

  // The issuer rotates the appendix key out and its TTL passes.
  now += 2;
  json rotated = json::parse(jwks.document());
  rotated["keys"].erase(0);
  jwks.set_document(rotated.dump());
  ASSERT_THAT(layer->load_keys(), IsOk());
  ASSERT_THAT(uncached.load_keys(), IsOk());

  EXPECT_TRUE(call(kAppendixToken, derived_proof(kAppendixToken), user_route).ok());
  const auto direct =
      uncached.authenticate(request("GET", "/fhir/Patient/123",
                                    {{"authorization", std::string("DPoP ") + kAppendixToken},
                                     {"dpop", derived_proof(kAppendixToken)}}),
                            user_route);
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().log_detail.rfind("auth unknown_kid", 0), 0u);
}

TEST_F(TrustLayerTest, NoLoadableKeysIsUnavailable) {
  EXPECT_TRUE(layer->keys_loaded());
  EXPECT_EQ(jwks_fetches("ok"), 1u);
  jwks.set_offline(true);
  TrustLayer offline(appendix_config(), metrics, clock(), jwks.fetcher());
  EXPECT_FALSE(offline.keys_loaded());
  const fhir::Status loaded = offline.load_keys();
  ASSERT_THAT(loaded, HasErrorKind(ErrorKind::unavailable));
  EXPECT_EQ(loaded.error().log_detail, "auth keys_unavailable: offline");
  EXPECT_FALSE(offline.keys_loaded());
  EXPECT_EQ(jwks_fetches("failed"), 1u);
  const auto result =
      offline.authenticate(request("GET", "/fhir/Patient/123",
                                   {{"authorization", std::string("DPoP ") + kAppendixToken},
                                    {"dpop", derived_proof(kAppendixToken)}}),
                           user_route);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::unavailable);
  EXPECT_TRUE(www_authenticate(result.error()).empty());
}

TEST_F(TrustLayerTest, CheckPatientCountsAndReturnsForbidden) {
  Principal p;
  p.pid = "05898597468";
  p.attestation = Attestation{};
  p.attestation->patients.push_back(
      AttestedPatient{AttestedIdentifier{"12345678901", "", "", ""}, {}, {}});
  EXPECT_THAT(layer->check_patient(p, "12345678901"), IsOk());
  EXPECT_THAT(layer->check_patient(p, "10987654321"), HasErrorKind(ErrorKind::forbidden));
  EXPECT_EQ(failures("patient_mismatch"), 1u);
}

}  // namespace
}  // namespace gateway::auth::testing
