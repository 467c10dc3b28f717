// The reference's Appendix A end-to-end vector and every negative case derived from it,
// plus the test token service's invalid-token and invalid-proof options.
#include "auth_test_support.hpp"

namespace gateway::auth::testing {
namespace {

using fhir::ErrorKind;

// Refused with this status kind, internal reason and WWW-Authenticate error code.
void expect_refused(const fhir::Result<std::shared_ptr<const Principal>>& result, ErrorKind kind,
                    std::string_view reason, std::string_view code) {
  ASSERT_FALSE(result.ok()) << "expected refusal: " << reason;
  EXPECT_EQ(result.error().kind, kind);
  EXPECT_EQ(result.error().log_detail.rfind("auth " + std::string(reason), 0), 0u)
      << result.error().log_detail;
  bool found = false;
  for (const auto& h : result.error().headers) {
    if (h.name == "www-authenticate" &&
        h.value.find("error=\"" + std::string(code) + "\"") != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "no www-authenticate with error=" << code;
}

class AppendixA : public TrustLayerFixture {};

TEST_F(AppendixA, PositiveVectorIsAccepted) {
  const auto result = call(kAppendixToken, kAppendixProof, user_route);
  ASSERT_TRUE(result.ok()) << result.error().log_detail;
  const Principal& p = **result;
  EXPECT_EQ(p.client_id, "7b3a4f2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(p.pid, "05898597468");
  EXPECT_EQ(p.hpr_number, "565501872");
  EXPECT_EQ(p.security_level, "4");
  EXPECT_EQ(p.orgnr_parent, "999977774");
  EXPECT_EQ(p.orgnr_child, "999977775");
  EXPECT_EQ(p.client_name, "Test EPJ");
  EXPECT_EQ(p.dpop_jkt, kAppendixJkt);
  EXPECT_EQ(p.token_id, "B8BB3F161D0F22839288AD65F40095D8");
  EXPECT_EQ(p.scopes, std::vector<std::string>{kAppendixScope});
  EXPECT_TRUE(p.is_user());
}

TEST_F(AppendixA, ReplayOfTheSameProofIsRefused) {
  ASSERT_TRUE(call(kAppendixToken, kAppendixProof, user_route).ok());
  expect_refused(call(kAppendixToken, kAppendixProof, user_route), ErrorKind::unauthorized,
                 "proof_replay", "invalid_dpop_proof");
  EXPECT_EQ(failures("proof_replay"), 1u);
}

TEST_F(AppendixA, HtmPostIsRefused) {
  expect_refused(call(kAppendixToken, derived_proof(kAppendixToken, {{"htm", "POST"}}), user_route),
                 ErrorKind::unauthorized, "proof_htm_mismatch", "invalid_dpop_proof");
}

TEST_F(AppendixA, HtuWithOtherHostPathOrSchemeIsRefused) {
  for (const char* htu :
       {"https://other.example.test/fhir/Patient/123", "https://fhir.example.test/fhir/Patient/124",
        "http://fhir.example.test/fhir/Patient/123"}) {
    expect_refused(call(kAppendixToken, derived_proof(kAppendixToken, {{"htu", htu}}), user_route),
                   ErrorKind::unauthorized, "proof_htu_mismatch", "invalid_dpop_proof");
  }
}

TEST_F(AppendixA, HtuWithQueryStillPasses) {
  const auto proof =
      derived_proof(kAppendixToken, {{"htu", "https://fhir.example.test/fhir/Patient/123?x=1"}});
  EXPECT_TRUE(call(kAppendixToken, proof, user_route).ok());
}

TEST_F(AppendixA, RequestTargetQueryIsIgnoredForHtu) {
  const auto proof = derived_proof(kAppendixToken);
  EXPECT_TRUE(
      call(kAppendixToken, proof, user_route, "GET", "/fhir/Patient/123?_format=json").ok());
}

TEST_F(AppendixA, HtuNormalisationAcceptsDefaultPortAndUpperCaseHost) {
  const auto proof = derived_proof(
      kAppendixToken, {{"htu", "HTTPS://FHIR.Example.Test:443/fhir/Patient/%31%32%33"}});
  EXPECT_TRUE(call(kAppendixToken, proof, user_route).ok());
}

TEST_F(AppendixA, IatSixtySecondsOffIsRefused) {
  for (const std::int64_t offset : {-60, 60}) {
    expect_refused(
        call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now + offset}}), user_route),
        ErrorKind::unauthorized, "proof_iat_out_of_window", "invalid_dpop_proof");
  }
}

TEST_F(AppendixA, IatWindowBoundariesAreInclusive) {
  EXPECT_TRUE(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now - 10}}), user_route).ok());
  EXPECT_TRUE(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now + 5}}), user_route).ok());
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now - 11}}), user_route),
      ErrorKind::unauthorized, "proof_iat_out_of_window", "invalid_dpop_proof");
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now + 6}}), user_route),
      ErrorKind::unauthorized, "proof_iat_out_of_window", "invalid_dpop_proof");
}

TEST_F(AppendixA, MissingOrAlteredAthIsRefused) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"ath", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_missing_claim", "invalid_dpop_proof");
  std::string ath = kAppendixAth;
  ath[0] = ath[0] == 'A' ? 'B' : 'A';
  expect_refused(call(kAppendixToken, derived_proof(kAppendixToken, {{"ath", ath}}), user_route),
                 ErrorKind::unauthorized, "proof_ath_mismatch", "invalid_dpop_proof");
}

TEST_F(AppendixA, MissingJtiIsRefused) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"jti", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_missing_claim", "invalid_dpop_proof");
}

TEST_F(AppendixA, ProofTypJwtIsRefused) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {}, {{"typ", "JWT"}}), user_route),
      ErrorKind::unauthorized, "proof_bad_type", "invalid_dpop_proof");
}

TEST_F(AppendixA, ProofTypWithJsonEscapedPlusIsAccepted) {
  // P3: .NET writes "dpop\u002Bjwt"; a JSON decoder must see dpop+jwt.
  JwsParts parts = split(derived_proof(kAppendixToken));
  std::string header = parts.header.dump();
  header.replace(header.find("dpop+jwt"), 8, "dpop\\u002Bjwt");
  const std::string input = base64url_encode(header) + "." + base64url_encode(parts.payload.dump());
  const std::string proof =
      input + "." + base64url_encode(*appendix_client_key().sign(Algorithm::es256, input));
  EXPECT_TRUE(call(kAppendixToken, proof, user_route).ok());
}

TEST_F(AppendixA, PrivateKeyInProofJwkIsRefused) {
  const json client = json::parse(kAppendixClientJwk);
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {}, {{"jwk", {{"d", client["d"]}}}}),
           user_route),
      ErrorKind::unauthorized, "proof_private_key", "invalid_dpop_proof");
}

TEST_F(AppendixA, SymmetricProofAlgIsRefused) {
  JwsParts parts = split(derived_proof(kAppendixToken));
  parts.header["alg"] = "HS256";
  expect_refused(
      call(kAppendixToken, forge(parts.header, parts.payload, std::string(32, 'k')), user_route),
      ErrorKind::unauthorized, "proof_alg_not_allowed", "invalid_dpop_proof");
}

TEST_F(AppendixA, ProofAlgNoneIsRefused) {
  JwsParts parts = split(derived_proof(kAppendixToken));
  parts.header["alg"] = "none";
  const std::string proof =
      base64url_encode(parts.header.dump()) + "." + base64url_encode(parts.payload.dump()) + ".";
  expect_refused(call(kAppendixToken, proof, user_route), ErrorKind::unauthorized,
                 "malformed_proof", "invalid_dpop_proof");
  expect_refused(call(kAppendixToken, forge(parts.header, parts.payload, "x"), user_route),
                 ErrorKind::unauthorized, "proof_alg_not_allowed", "invalid_dpop_proof");
}

TEST_F(AppendixA, FlippedProofSignatureByteIsRefused) {
  std::string proof = kAppendixProof;
  const std::size_t last_dot = proof.rfind('.');
  proof[last_dot + 5] = proof[last_dot + 5] == 'A' ? 'B' : 'A';
  expect_refused(call(kAppendixToken, proof, user_route), ErrorKind::unauthorized,
                 "proof_bad_signature", "invalid_dpop_proof");
}

TEST_F(AppendixA, FlippedTokenSignatureByteIsRefused) {
  std::string token = kAppendixToken;
  const std::size_t last_dot = token.rfind('.');
  token[last_dot + 5] = token[last_dot + 5] == 'A' ? 'B' : 'A';
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_signature", "invalid_token");
}

TEST_F(AppendixA, CnfJktOfAnotherKeyIsRefused) {
  const auto other = SigningKey::generate_ec("P-256").value();
  const std::string token = derived_token({{"cnf", {{"jkt", other.thumbprint()}}}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "proof_jkt_mismatch", "invalid_dpop_proof");
}

TEST_F(AppendixA, DpopBoundTokenAsBearerIsRefused) {
  AuthConfig config = appendix_config();
  config.bearer_routes = {user_route.pattern};
  make_layer(config);
  expect_refused(call(kAppendixToken, "", user_route, "GET", "/fhir/Patient/123", "Bearer"),
                 ErrorKind::unauthorized, "dpop_bound_as_bearer", "invalid_token");
}

TEST_F(AppendixA, BearerOnDpopOnlyRouteIsRefused) {
  expect_refused(call(kAppendixToken, "", user_route, "GET", "/fhir/Patient/123", "Bearer"),
                 ErrorKind::unauthorized, "dpop_required", "invalid_token");
}

TEST_F(AppendixA, ExpiredTokenIsRefusedExactlyAtExpiryPlusSkew) {
  const std::int64_t exp = 1767225900;
  now = exp + 5 - 1;  // last accepted second
  EXPECT_TRUE(call(kAppendixToken, derived_proof(kAppendixToken), user_route).ok());
  now = exp + 5;
  expect_refused(call(kAppendixToken, derived_proof(kAppendixToken), user_route),
                 ErrorKind::unauthorized, "expired", "invalid_token");
  EXPECT_EQ(failures("expired"), 1u);
}

TEST_F(AppendixA, NotBeforeBoundaryUsesSkew) {
  const std::string token = derived_token({{"nbf", kAppendixNow + 100}});
  now = kAppendixNow + 100 - 5;  // nbf - skew: accepted
  EXPECT_TRUE(call(token, derived_proof(token), user_route).ok());
  now = kAppendixNow + 100 - 6;
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "not_yet_valid", "invalid_token");
}

TEST_F(AppendixA, IssuerWithTrailingSlashIsRefused) {
  const std::string token = derived_token({{"iss", std::string(kAppendixIssuer) + "/"}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_issuer", "invalid_token");
}

TEST_F(AppendixA, AudienceArrayIsRefusedUnderSingleAudiencePolicy) {
  const std::string token = derived_token({{"aud", {kAppendixAudience, "other"}}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "multiple_audiences", "invalid_token");
}

TEST_F(AppendixA, AudienceArrayIsAcceptedWhenSingleAudienceIsOff) {
  AuthConfig config = appendix_config();
  config.single_audience = false;
  make_layer(config);
  const std::string token = derived_token({{"aud", {"other", kAppendixAudience}}});
  EXPECT_TRUE(call(token, derived_proof(token), user_route).ok());
}

TEST_F(AppendixA, UnknownKidIsRefused) {
  const std::string token = derived_token({}, {{"kid", "NOT-IN-THE-JWKS"}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "unknown_kid", "invalid_token");
}

TEST_F(AppendixA, SecurityLevelThreeOnUserRouteIsForbidden) {
  const std::string token = derived_token({{"helseid://claims/identity/security_level", "3"}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::forbidden,
                 "security_level_too_low", "insufficient_scope");
}

TEST_F(AppendixA, MissingScopeIsForbidden) {
  const std::string token = derived_token({{"scope", nullptr}});
  const auto result = call(token, derived_proof(token), user_route);
  expect_refused(result, ErrorKind::forbidden, "insufficient_scope", "insufficient_scope");
  EXPECT_NE(www_authenticate(result.error()).find("scope=\"" + std::string(kAppendixScope) + "\""),
            std::string::npos);
}

// --- The test token service's invalid-token options -------------------------------------

TEST_F(AppendixA, TttSignJwtWithInvalidSigningKey) {
  JwsParts parts = split(kAppendixToken);
  const auto impostor = SigningKey::generate_rsa(2048).value();
  const std::string token = sign(parts.header, parts.payload, impostor, Algorithm::rs256);
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_signature", "invalid_token");
}

TEST_F(AppendixA, TttSetInvalidIssuer) {
  const std::string token = derived_token({{"iss", "https://helseid-sts.nhn.no"}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_issuer", "invalid_token");
}

TEST_F(AppendixA, TttSetInvalidAudience) {
  const std::string token = derived_token({{"aud", "nhn:some:api"}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_audience", "invalid_token");
}

TEST_F(AppendixA, TttMissingAudience) {
  const std::string token = derived_token({{"aud", nullptr}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_audience", "invalid_token");
}

TEST_F(AppendixA, TttSetExpirationTimeAsExpired) {
  const std::string token = derived_token({{"exp", kAppendixNow - 60}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized, "expired",
                 "invalid_token");
}

TEST_F(AppendixA, MissingExpIsRefused) {
  const std::string token = derived_token({{"exp", nullptr}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "missing_expiry", "invalid_token");
}

TEST_F(AppendixA, TttHeaderTypVariants) {
  for (const char* typ : {"at+jwt", "JWT", "jwt", "AT+JWT", "application/at+jwt"}) {
    const std::string token = derived_token({}, {{"typ", typ}});
    EXPECT_TRUE(call(token, derived_proof(token), user_route).ok()) << typ;
  }
  for (const json& typ : {json("dpop+jwt"), json("id_token"), json(nullptr), json(1)}) {
    const std::string token = derived_token({}, {{"typ", typ}});
    expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                   "bad_token_type", "invalid_token");
  }
}

TEST_F(AppendixA, TokenAlgNoneAndHs256AreRefused) {
  JwsParts parts = split(kAppendixToken);
  for (const char* alg : {"none", "HS256", "RS257"}) {
    parts.header["alg"] = alg;
    const std::string token = forge(parts.header, parts.payload, "sig");
    expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                   "alg_not_allowed", "invalid_token");
  }
}

TEST_F(AppendixA, TokenAlgOutsideConfiguredAllowListIsRefusedEvenIfValid) {
  // PS256 is a valid RSA signature but not in the default allow-list (RS256 only).
  JwsParts parts = split(kAppendixToken);
  parts.header["kid"] = kResignedKid;
  parts.header["alg"] = "PS256";
  const std::string token =
      sign(parts.header, parts.payload, resigned_issuer_key(), Algorithm::ps256);
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "alg_not_allowed", "invalid_token");
  // ...and accepted once configured (the JWKS entry's alg member must then allow it).
  AuthConfig config = appendix_config();
  config.token_algs = {Algorithm::rs256, Algorithm::ps256};
  json document = json::parse(jwks.document());
  document["keys"][1].erase("alg");
  jwks.set_document(document.dump());
  make_layer(config);
  EXPECT_TRUE(call(token, derived_proof(token), user_route).ok());
}

TEST_F(AppendixA, EmbeddedJwkInTokenHeaderIsIgnored) {
  // P1: an attacker key in the access-token header must not be used for verification.
  const auto attacker = SigningKey::generate_rsa(2048).value();
  JwsParts parts = split(kAppendixToken);
  parts.header["jwk"] = attacker.public_jwk();
  const std::string token = sign(parts.header, parts.payload, attacker, Algorithm::rs256);
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "bad_signature", "invalid_token");
}

// --- The test token service's invalid-proof options (InvalidDPoPProofParameters) ---------

TEST_F(AppendixA, TttDontSetHtuClaimValue) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"htu", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_missing_claim", "invalid_dpop_proof");
}

TEST_F(AppendixA, TttDontSetHtmClaimValue) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"htm", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_missing_claim", "invalid_dpop_proof");
}

TEST_F(AppendixA, TttSetIatValueInThePastAndFuture) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now - 3600}}), user_route),
      ErrorKind::unauthorized, "proof_iat_out_of_window", "invalid_dpop_proof");
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", now + 3600}}), user_route),
      ErrorKind::unauthorized, "proof_iat_out_of_window", "invalid_dpop_proof");
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"iat", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_missing_claim", "invalid_dpop_proof");
}

TEST_F(AppendixA, TttDontSetAlgHeader) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {}, {{"alg", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_alg_not_allowed", "invalid_dpop_proof");
}

TEST_F(AppendixA, TttDontSetJwkHeader) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {}, {{"jwk", nullptr}}), user_route),
      ErrorKind::unauthorized, "proof_bad_jwk", "invalid_dpop_proof");
}

TEST_F(AppendixA, ProofJwkOfWrongTypeForAlgIsRefused) {
  const auto rsa = SigningKey::generate_rsa(2048).value();
  JwsParts parts = split(derived_proof(kAppendixToken));
  parts.header["jwk"] = rsa.public_jwk();  // RSA key, alg still ES256
  const std::string proof = sign(parts.header, parts.payload, rsa, Algorithm::rs256);
  expect_refused(call(kAppendixToken, proof, user_route), ErrorKind::unauthorized, "proof_bad_jwk",
                 "invalid_dpop_proof");
}

TEST_F(AppendixA, TttSetInvalidTypHeaderValue) {
  expect_refused(
      call(kAppendixToken, derived_proof(kAppendixToken, {}, {{"typ", "at+jwt"}}), user_route),
      ErrorKind::unauthorized, "proof_bad_type", "invalid_dpop_proof");
}

TEST_F(AppendixA, TttSetAnInvalidSignature) {
  JwsParts parts = split(derived_proof(kAppendixToken));
  const auto other = SigningKey::generate_ec("P-256").value();
  const std::string proof = sign(parts.header, parts.payload, other, Algorithm::es256);
  expect_refused(call(kAppendixToken, proof, user_route), ErrorKind::unauthorized,
                 "proof_bad_signature", "invalid_dpop_proof");
}

TEST_F(AppendixA, TttReuseDpopProofForApi) {
  const std::string proof = derived_proof(kAppendixToken);
  ASSERT_TRUE(call(kAppendixToken, proof, user_route).ok());
  expect_refused(call(kAppendixToken, proof, user_route), ErrorKind::unauthorized, "proof_replay",
                 "invalid_dpop_proof");
}

TEST_F(AppendixA, RsaProofWithAlgMemberInJwkIsAccepted) {
  // NHN's RSA proof JWKs carry "alg"; the thumbprint ignores it (P11).
  const auto rsa = SigningKey::generate_rsa(2048).value();
  const std::string token = derived_token({{"cnf", {{"jkt", rsa.thumbprint()}}}});
  json jwk = rsa.public_jwk();
  jwk["alg"] = "PS256";
  const json header = {{"typ", "dpop+jwt"}, {"alg", "PS256"}, {"jwk", jwk}};
  const json payload = {{"jti", "rsa-proof"},
                        {"htm", "GET"},
                        {"htu", "https://fhir.example.test/fhir/Patient/123"},
                        {"iat", now.load()},
                        {"ath", sha256_base64url(token)}};
  EXPECT_TRUE(call(token, sign(header, payload, rsa, Algorithm::ps256), user_route).ok());
}

TEST_F(AppendixA, DpopTokenWithoutCnfIsRefused) {
  const std::string token = derived_token({{"cnf", nullptr}});
  expect_refused(call(token, derived_proof(token), user_route), ErrorKind::unauthorized,
                 "missing_cnf", "invalid_token");
}

TEST_F(AppendixA, UnboundBearerTokenIsAcceptedOnBearerRoute) {
  AuthConfig config = appendix_config();
  config.bearer_routes = {user_route.pattern};
  make_layer(config);
  const std::string token = derived_token({{"cnf", nullptr}});
  EXPECT_TRUE(call(token, "", user_route, "GET", "/fhir/Patient/123", "Bearer").ok());
  EXPECT_TRUE(call(token, "", user_route, "GET", "/fhir/Patient/123", "bearer").ok());
}

}  // namespace
}  // namespace gateway::auth::testing
