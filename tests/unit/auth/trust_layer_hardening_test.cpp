// The trust layer's hardening, each test written as the attack it stops: the refusal log,
// replay-cache overload as 503, key withdrawal, token lifetimes, nonces, and no request URL
// (which may name a patient) in any log detail.
#include "auth_test_support.hpp"

namespace gateway::auth::testing {
namespace {

using fhir::ErrorKind;

constexpr const char* kAppendixClientId = "7b3a4f2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
constexpr const char* kAppendixTokenJti = "B8BB3F161D0F22839288AD65F40095D8";

class TrustLayerHardeningTest : public TrustLayerFixture {
 protected:
  static std::string header(const fhir::Error& error, std::string_view name) {
    for (const auto& h : error.headers) {
      if (h.name == name) return h.value;
    }
    return {};
  }
};

// Attack: the access log showed 401 and nothing else. Every refusal is one log line with the
// reason, the kid, the client, the token's and the proof's jti, and the request id.
TEST_F(TrustLayerHardeningTest, EveryRefusalIsLoggedOnceWithReasonKidClientAndJtis) {
  const std::string proof = derived_proof(kAppendixToken);
  ASSERT_THAT(call(kAppendixToken, proof, user_route), IsOk());
  EXPECT_TRUE(logged.empty());
  ASSERT_FALSE(call(kAppendixToken, proof, user_route).ok());  // the same proof again
  ASSERT_EQ(logged.size(), 1u);
  const LoggedFailure& replayed = logged.back();
  EXPECT_EQ(replayed.reason, "proof_replay");
  EXPECT_EQ(replayed.request_id, "test-request");
  EXPECT_EQ(replayed.route, "/fhir/Patient/{id}");
  EXPECT_EQ(replayed.kid, kAppendixKid);  // from the verified token
  EXPECT_EQ(replayed.client_id, kAppendixClientId);
  EXPECT_EQ(replayed.token_jti, kAppendixTokenJti);
  EXPECT_EQ(replayed.proof_jti, split(proof).payload["jti"].get<std::string>());

  const std::string unknown = derived_token({}, {{"kid", "WITHDRAWN-KID"}});
  ASSERT_FALSE(call(unknown, derived_proof(unknown), user_route).ok());
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged.back().reason, "unknown_kid");
  EXPECT_EQ(logged.back().kid, "WITHDRAWN-KID");
  EXPECT_EQ(logged.back().client_id, "");  // an unverified token names no client

  const std::string unscoped = derived_token({{"scope", nullptr}});
  ASSERT_FALSE(call(unscoped, derived_proof(unscoped), user_route).ok());
  ASSERT_EQ(logged.size(), 3u);
  EXPECT_EQ(logged.back().reason, "insufficient_scope");
  EXPECT_EQ(logged.back().client_id, kAppendixClientId);
  EXPECT_EQ(logged.back().kid, kResignedKid);
  for (const LoggedFailure& f : logged) {
    for (const std::string* field : {&f.detail, &f.kid, &f.client_id, &f.proof_jti}) {
      EXPECT_EQ(field->find(std::string(kAppendixToken).substr(0, 40)), std::string::npos);
      EXPECT_EQ(field->find(unknown.substr(0, 40)), std::string::npos);
    }
  }
}

// The URL may carry a fødselsnummer; a refused proof's log detail never repeats it.
TEST_F(TrustLayerHardeningTest, HtuMismatchLogsNoRequestUrl) {
  const auto result = call(kAppendixToken, derived_proof(kAppendixToken), user_route, "GET",
                           "/fhir/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|05898597468");
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged.back().reason, "proof_htu_mismatch");
  EXPECT_EQ(logged.back().detail.find("05898597468"), std::string::npos);
  EXPECT_EQ(result.error().log_detail.find("05898597468"), std::string::npos);
}

class FullReplayCache final : public ReplayCache {
 public:
  Insert insert(std::string_view, std::string_view, std::int64_t, std::int64_t) override {
    return Insert::full;
  }
};

// Attack: a full replay cache answered 401 invalid_dpop_proof, blaming the client for our
// overload. It is 503 with Retry-After, counted, and the proof is still not accepted.
TEST_F(TrustLayerHardeningTest, AFullReplayCacheIs503WithRetryAfter) {
  replay = std::make_shared<FullReplayCache>();
  make_layer();
  const auto result = call(kAppendixToken, derived_proof(kAppendixToken), user_route);
  ASSERT_THAT(result, HasErrorKind(ErrorKind::unavailable));
  EXPECT_EQ(header(result.error(), "retry-after"), "1");
  EXPECT_TRUE(www_authenticate(result.error()).empty());
  EXPECT_EQ(failures("replay_cache_full"), 1u);
}

// Attack: a fresh token signed with a key the issuer had removed was accepted after two
// refreshes. It is refused from the first refresh that no longer lists the key.
TEST_F(TrustLayerHardeningTest, ATokenSignedWithAWithdrawnKeyIsRefusedAfterTheNextRefresh) {
  AuthConfig config = appendix_config();
  config.signature_cache_entries = 0;  // every request verifies
  make_layer(config);
  const std::string token = derived_token({});
  ASSERT_THAT(call(token, derived_proof(token), user_route), IsOk());
  json withdrawn = json::parse(jwks.document());
  withdrawn["keys"].erase(1);  // the re-signing key
  jwks.set_document(withdrawn.dump());
  ASSERT_THAT(layer->load_keys(), IsOk());
  const std::string fresh = derived_token({{"jti", "a-fresh-token"}});
  EXPECT_FALSE(call(fresh, derived_proof(fresh), user_route).ok());
  EXPECT_EQ(logged.back().reason, "unknown_kid");
}

TEST_F(TrustLayerHardeningTest, TokensIssuedInTheFutureOrLivingTooLongAreRefused) {
  const std::string future = derived_token({{"iat", kAppendixNow + 60}});
  EXPECT_FALSE(call(future, derived_proof(future), user_route).ok());
  EXPECT_EQ(logged.back().reason, "issued_in_future");
  const std::string long_lived =
      derived_token({{"iat", kAppendixNow - 5}, {"exp", kAppendixNow + 2 * 86400}});
  EXPECT_FALSE(call(long_lived, derived_proof(long_lived), user_route).ok());
  EXPECT_EQ(logged.back().reason, "lifetime_too_long");
  const std::string overflow = derived_token({{"exp", std::numeric_limits<std::int64_t>::max()},
                                              {"nbf", std::numeric_limits<std::int64_t>::min()}});
  EXPECT_FALSE(call(overflow, derived_proof(overflow), user_route).ok());
}

// RFC 9449 §8: with nonces on, a proof without the current nonce gets 401 use_dpop_nonce and
// the nonce in DPoP-Nonce; the retry with it passes.
TEST_F(TrustLayerHardeningTest, WithNoncesTheFirstProofLearnsTheNonceAndTheRetryPasses) {
  AuthConfig config = appendix_config();
  config.dpop_nonce = true;
  config.dpop_nonce_rotation_seconds = 60;  // the appendix token lives 300 s
  make_layer(config);
  const auto first = call(kAppendixToken, derived_proof(kAppendixToken), user_route);
  ASSERT_THAT(first, HasErrorKind(ErrorKind::unauthorized));
  EXPECT_NE(www_authenticate(first.error()).find("error=\"use_dpop_nonce\""), std::string::npos);
  const std::string nonce = header(first.error(), "dpop-nonce");
  ASSERT_FALSE(nonce.empty());
  EXPECT_EQ(layer->current_dpop_nonce(), nonce);
  EXPECT_THAT(call(kAppendixToken, derived_proof(kAppendixToken, {{"nonce", nonce}}), user_route),
              IsOk());
  now += 2 * config.dpop_nonce_rotation_seconds;  // two rotations later it is stale
  EXPECT_FALSE(
      call(kAppendixToken, derived_proof(kAppendixToken, {{"nonce", nonce}}), user_route).ok());
  EXPECT_EQ(logged.back().reason, "proof_nonce_invalid");
}

TEST_F(TrustLayerHardeningTest, NoncesAreOffByDefault) {
  EXPECT_FALSE(layer->current_dpop_nonce().has_value());
  EXPECT_THAT(call(kAppendixToken, derived_proof(kAppendixToken), user_route), IsOk());
}

}  // namespace
}  // namespace gateway::auth::testing
