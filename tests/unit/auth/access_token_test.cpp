// JWS decoding, signature verification per algorithm and access-token claim helpers.
#include <limits>
#include <optional>

#include "auth/access_token.hpp"

#include "auth_test_support.hpp"

namespace gateway::auth::testing {
namespace {

TEST(DecodeJws, RequiresThreeNonEmptySegmentsOfJsonObjects) {
  const std::string h = base64url_encode(R"({"alg":"RS256"})");
  const std::string p = base64url_encode(R"({"a":1})");
  EXPECT_TRUE(decode_jws(h + "." + p + ".c2ln").has_value());
  EXPECT_FALSE(decode_jws(h + "." + p).has_value());
  EXPECT_FALSE(decode_jws(h + "." + p + ".c2ln.x").has_value());
  EXPECT_FALSE(decode_jws("." + p + ".c2ln").has_value());
  EXPECT_FALSE(decode_jws(h + ".." + "c2ln").has_value());
  EXPECT_FALSE(decode_jws(h + "." + base64url_encode("null") + ".c2ln").has_value());
  EXPECT_EQ(count_segments("a.b.c.d.e"), 4u);
}

TEST(ParseJsonObject, RefusesDuplicateTopLevelMembersButNotNestedOnes) {
  EXPECT_FALSE(parse_json_object(R"({"alg":"RS256","alg":"none"})").has_value());
  EXPECT_TRUE(parse_json_object(R"({"a":{"x":1},"b":{"x":2}})").has_value());
  EXPECT_FALSE(parse_json_object("").has_value());
  EXPECT_FALSE(parse_json_object(R"({"a":1} trailing)").has_value());
}

TEST(NumericDate, AcceptsIntegersAndFloatsOnly) {
  EXPECT_EQ(numeric_date(json(1767225600)), 1767225600);
  EXPECT_EQ(numeric_date(json(1767225600u)), 1767225600);
  EXPECT_EQ(numeric_date(json(1767225600.9)), 1767225600);
  EXPECT_FALSE(numeric_date(json("1767225600")).has_value());
  EXPECT_FALSE(numeric_date(json(nullptr)).has_value());
  EXPECT_FALSE(numeric_date(json(18446744073709551615ull)).has_value());
  EXPECT_FALSE(numeric_date(json(1e300)).has_value());
}

TEST(ParseScopes, ArrayOrSpaceSeparatedString) {
  EXPECT_EQ(parse_scopes({{"scope", {"a", "b"}}}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_scopes({{"scope", " a  b "}}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_scopes({{"scope", {"a", 1, nullptr, ""}}}), std::vector<std::string>{"a"});
  EXPECT_TRUE(parse_scopes({{"scope", 42}}).empty());
  EXPECT_TRUE(parse_scopes(json::object()).empty());
}

TEST(AccessTokenType, AcceptedSpellings) {
  for (const char* typ : {"at+jwt", "AT+JWT", "JWT", "jwt", "application/at+jwt"}) {
    EXPECT_TRUE(is_access_token_type(typ)) << typ;
  }
  for (const char* typ : {"dpop+jwt", "", "at+jwt ", "application/jwt"}) {
    EXPECT_FALSE(is_access_token_type(typ)) << typ;
  }
}

PublicJwk public_of(const SigningKey& key) { return *import_public_jwk(key.public_jwk()).jwk; }

TEST(VerifySignature, EveryAllowedAlgorithmRoundTrips) {
  const auto rsa = SigningKey::generate_rsa(2048).value();
  const auto p256 = SigningKey::generate_ec("P-256").value();
  const auto p384 = SigningKey::generate_ec("P-384").value();
  const auto p521 = SigningKey::generate_ec("P-521").value();
  const std::vector<std::pair<Algorithm, const SigningKey*>> cases = {
      {Algorithm::rs256, &rsa},  {Algorithm::rs384, &rsa},  {Algorithm::rs512, &rsa},
      {Algorithm::ps256, &rsa},  {Algorithm::ps384, &rsa},  {Algorithm::ps512, &rsa},
      {Algorithm::es256, &p256}, {Algorithm::es384, &p384}, {Algorithm::es512, &p521}};
  for (const auto& [alg, key] : cases) {
    const auto signature = key->sign(alg, "input").value();
    const PublicJwk jwk = public_of(*key);
    EXPECT_TRUE(verify_signature(alg, jwk, "input", signature)) << algorithm_name(alg);
    EXPECT_FALSE(verify_signature(alg, jwk, "inpuT", signature)) << algorithm_name(alg);
  }
}

TEST(VerifySignature, PssSignatureDoesNotPassAsPkcs1AndViceVersa) {
  const auto rsa = SigningKey::generate_rsa(2048).value();
  const PublicJwk jwk = public_of(rsa);
  EXPECT_FALSE(
      verify_signature(Algorithm::rs256, jwk, "x", rsa.sign(Algorithm::ps256, "x").value()));
  EXPECT_FALSE(
      verify_signature(Algorithm::ps256, jwk, "x", rsa.sign(Algorithm::rs256, "x").value()));
}

TEST(VerifySignature, EcdsaNeedsRawSignatureOfExactLengthAndMatchingCurve) {
  const auto p256 = SigningKey::generate_ec("P-256").value();
  const PublicJwk jwk = public_of(p256);
  const std::string raw = p256.sign(Algorithm::es256, "x").value();
  ASSERT_EQ(raw.size(), 64u);
  EXPECT_FALSE(verify_signature(Algorithm::es256, jwk, "x", raw.substr(0, 63)));
  EXPECT_FALSE(verify_signature(Algorithm::es256, jwk, "x", raw + std::string(1, '\0')));
  EXPECT_FALSE(verify_signature(Algorithm::es384, jwk, "x", raw));
  EXPECT_FALSE(verify_signature(Algorithm::rs256, jwk, "x", raw));
}

TEST(VerifyAccessToken, KeyTypeMustMatchAlgorithm) {
  // An EC key published under the kid a token names cannot verify an RS256 token.
  const auto ec = SigningKey::generate_ec("P-256").value();
  json jwk = ec.public_jwk();
  jwk["kid"] = "EC";
  FakeJwksEndpoint issuer(json{{"keys", {jwk}}}.dump());
  JwksStore store(
      issuer.fetcher(), [] { return 0; }, 3600, 60);
  ASSERT_THAT(store.refresh(), IsOk());
  const std::string token = sign({{"alg", "RS256"}, {"kid", "EC"}, {"typ", "at+jwt"}},
                                 {{"iss", "i"}, {"aud", "a"}, {"exp", 100}, {"client_id", "c"}},
                                 resigned_issuer_key(), Algorithm::rs256);
  const auto result = verify_access_token(token, {"i", "a", {Algorithm::rs256}, true}, store);
  EXPECT_THAT(result, HasFailureReason(FailureReason::key_mismatch));
}

TEST(VerifyAccessToken, CritHeaderAndMissingClientIdAreRefused) {
  FakeJwksEndpoint issuer(combined_jwks());
  JwksStore store(
      issuer.fetcher(), [] { return 0; }, 3600, 60);
  ASSERT_THAT(store.refresh(), IsOk());
  const AccessTokenRules rules{"i", "a", {Algorithm::rs256}, true};
  const json header = {{"alg", "RS256"}, {"kid", kResignedKid}, {"typ", "at+jwt"}};
  const json payload = {{"iss", "i"}, {"aud", "a"}, {"exp", 100}, {"client_id", "c"}};
  EXPECT_THAT(verify_access_token(sign(header, payload, resigned_issuer_key(), Algorithm::rs256),
                                  rules, store),
              IsOk());
  json crit = header;
  crit["crit"] = {"exp"};
  EXPECT_THAT(verify_access_token(sign(crit, payload, resigned_issuer_key(), Algorithm::rs256),
                                  rules, store),
              HasFailureReason(FailureReason::malformed_token));
  json no_client = payload;
  no_client.erase("client_id");
  EXPECT_THAT(verify_access_token(sign(header, no_client, resigned_issuer_key(), Algorithm::rs256),
                                  rules, store),
              HasFailureReason(FailureReason::malformed_token));
}

TEST(VerifyAccessToken, AFailureNamesTheKidForTheLog) {
  FakeJwksEndpoint issuer(combined_jwks());
  JwksStore store(
      issuer.fetcher(), [] { return 0; }, 3600, 60);
  ASSERT_THAT(store.refresh(), IsOk());
  const std::string token = sign({{"alg", "RS256"}, {"kid", "NOT-PUBLISHED"}, {"typ", "at+jwt"}},
                                 {{"iss", "i"}, {"aud", "a"}, {"exp", 100}, {"client_id", "c"}},
                                 resigned_issuer_key(), Algorithm::rs256);
  const auto result = verify_access_token(token, {"i", "a", {Algorithm::rs256}, true}, store);
  ASSERT_THAT(result, HasFailureReason(FailureReason::unknown_kid));
  EXPECT_EQ(result.error().kid, "NOT-PUBLISHED");
}

VerifiedToken lifetime(std::int64_t exp, std::optional<std::int64_t> iat,
                       std::optional<std::int64_t> nbf = std::nullopt) {
  VerifiedToken token;
  token.expires_at = exp;
  token.issued_at = iat;
  token.not_before = nbf;
  return token;
}

TEST(TokenLifetime, IatInTheFutureBeyondTheSkewIsRefused) {
  const LifetimeRules rules{5, 3600};
  EXPECT_THAT(check_token_lifetime(lifetime(1600, 1005), 1000, rules), IsOk());
  EXPECT_THAT(check_token_lifetime(lifetime(1600, 1006), 1000, rules),
              HasFailureReason(FailureReason::issued_in_future));
}

TEST(TokenLifetime, LongerThanTheMaximumIsRefused) {
  const LifetimeRules rules{5, 3600};
  EXPECT_THAT(check_token_lifetime(lifetime(1000 + 3600, 1000), 1000, rules), IsOk());
  EXPECT_THAT(check_token_lifetime(lifetime(1000 + 3606, 1000), 1000, rules),
              HasFailureReason(FailureReason::lifetime_too_long));
  // Without iat the remaining lifetime counts.
  EXPECT_THAT(check_token_lifetime(lifetime(1000 + 86400, std::nullopt), 1000, rules),
              HasFailureReason(FailureReason::lifetime_too_long));
}

// Attack: extreme exp/nbf/iat overflowed signed arithmetic (undefined behaviour, which UBSan
// turns into a failed test). Every comparison saturates and the token is refused.
TEST(TokenLifetime, ExtremeValuesSaturateAndAreRefused) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  const LifetimeRules rules{300, 3600};
  EXPECT_FALSE(check_token_lifetime(lifetime(kMax, std::nullopt), 1000, rules).ok());
  EXPECT_FALSE(check_token_lifetime(lifetime(kMax, kMin), 1000, rules).ok());
  EXPECT_FALSE(check_token_lifetime(lifetime(kMin, kMax), 1000, rules).ok());
  EXPECT_FALSE(check_token_lifetime(lifetime(2000, 1000, kMin), kMin, rules).ok());
  EXPECT_FALSE(check_token_lifetime(lifetime(2000, 1000, kMax), kMax, rules).ok());
  EXPECT_FALSE(check_token_lifetime(lifetime(kMax, kMax - 10), kMax, rules).ok());
}

}  // namespace
}  // namespace gateway::auth::testing
