// DPoP proof checks in isolation: algorithms, curve/alg agreement, replay keying.
#include "auth/dpop.hpp"

#include "auth/htu.hpp"
#include "auth/jwk.hpp"

#include <limits>
#include "auth_test_support.hpp"

namespace gateway::auth::testing {
namespace {

constexpr std::int64_t kNow = 1800000000;
const std::string kHtu = "https://fhir.example.test/fhir/Patient/1";

ProofRules all_algs() {
  return {
      {Algorithm::es256, Algorithm::es384, Algorithm::es512, Algorithm::ps256, Algorithm::rs512},
      10,
      5};
}

std::string proof_with(const SigningKey& key, Algorithm alg, const std::string& jti = "j1",
                       const json& jwk_override = nullptr) {
  const json header = {{"typ", "dpop+jwt"},
                       {"alg", std::string(algorithm_name(alg))},
                       {"jwk", jwk_override.is_null() ? key.public_jwk() : jwk_override}};
  const json payload = {{"jti", jti},
                        {"htm", "GET"},
                        {"htu", kHtu},
                        {"iat", kNow},
                        {"ath", sha256_base64url("token")}};
  return sign(header, payload, key, alg);
}

Result<ProofCheck> check(const std::string& proof, const std::string& jkt, ReplayCache& replay,
                         const ProofRules& rules = all_algs(), ProofKeyCache* keys = nullptr,
                         std::int64_t now = kNow) {
  const std::string ath = sha256_base64url("token");
  const ProofContext context{proof, "GET", kHtu, ath, jkt, now};
  return check_dpop_proof(context, rules, replay, keys);
}

json proof_header(const SigningKey& key, Algorithm alg) {
  return {
      {"typ", "dpop+jwt"}, {"alg", std::string(algorithm_name(alg))}, {"jwk", key.public_jwk()}};
}

json proof_claims(const std::string& jti = "j1") {
  return {{"jti", jti},
          {"htm", "GET"},
          {"htu", kHtu},
          {"iat", kNow},
          {"ath", sha256_base64url("token")}};
}

// An RSA public JWK of `bits` whose modulus is random bytes: it never needs to verify,
// because the checks under test must refuse it before anything is imported.
json fake_rsa_jwk(int bits, const std::string& e = "AQAB") {
  std::string n(static_cast<std::size_t>(bits / 8), '\xA5');
  return {{"kty", "RSA"}, {"e", e}, {"n", base64url_encode(n)}};
}

TEST(DpopProof, AcceptsEveryConfiguredAlgorithm) {
  InMemoryReplayCache replay(1000);
  const auto p384 = SigningKey::generate_ec("P-384").value();
  const auto p521 = SigningKey::generate_ec("P-521").value();
  const auto rsa = SigningKey::generate_rsa(2048).value();
  EXPECT_THAT(check(proof_with(p384, Algorithm::es384), p384.thumbprint(), replay), IsOk());
  EXPECT_THAT(check(proof_with(p521, Algorithm::es512), p521.thumbprint(), replay), IsOk());
  EXPECT_THAT(check(proof_with(rsa, Algorithm::ps256), rsa.thumbprint(), replay), IsOk());
  EXPECT_THAT(check(proof_with(rsa, Algorithm::rs512, "j2"), rsa.thumbprint(), replay), IsOk());
}

TEST(DpopProof, AlgorithmOutsideTheAllowListIsRefused) {
  InMemoryReplayCache replay(1000);
  const auto rsa = SigningKey::generate_rsa(2048).value();
  EXPECT_THAT(check(proof_with(rsa, Algorithm::rs256), rsa.thumbprint(), replay),
              HasFailureReason(FailureReason::proof_alg_not_allowed));
}

TEST(DpopProof, CurveMustMatchAlgorithm) {
  InMemoryReplayCache replay(1000);
  const auto p256 = SigningKey::generate_ec("P-256").value();
  const auto p384 = SigningKey::generate_ec("P-384").value();
  // Header says ES384 but carries a P-256 key.
  const json header = {{"typ", "dpop+jwt"}, {"alg", "ES384"}, {"jwk", p256.public_jwk()}};
  const json payload = {{"jti", "x"},
                        {"htm", "GET"},
                        {"htu", kHtu},
                        {"iat", kNow},
                        {"ath", sha256_base64url("token")}};
  EXPECT_THAT(check(sign(header, payload, p384, Algorithm::es384), p256.thumbprint(), replay),
              HasFailureReason(FailureReason::proof_bad_jwk));
}

TEST(DpopProof, ReplayIsKeyedByKeyAndJti) {
  InMemoryReplayCache replay(1000);
  const auto a = SigningKey::generate_ec("P-256").value();
  const auto b = SigningKey::generate_ec("P-256").value();
  EXPECT_THAT(check(proof_with(a, Algorithm::es256, "same"), a.thumbprint(), replay), IsOk());
  EXPECT_THAT(check(proof_with(b, Algorithm::es256, "same"), b.thumbprint(), replay), IsOk());
  EXPECT_THAT(check(proof_with(a, Algorithm::es256, "same"), a.thumbprint(), replay),
              HasFailureReason(FailureReason::proof_replay));
}

TEST(DpopProof, InvalidProofsDoNotConsumeTheirJti) {
  InMemoryReplayCache replay(1000);
  const auto a = SigningKey::generate_ec("P-256").value();
  const std::string proof = proof_with(a, Algorithm::es256, "once");
  EXPECT_THAT(check(proof, "wrong-jkt", replay),
              HasFailureReason(FailureReason::proof_jkt_mismatch));
  EXPECT_THAT(check(proof, a.thumbprint(), replay), IsOk());
}

class FullReplayCache final : public ReplayCache {
 public:
  Insert insert(std::string_view, std::string_view, std::int64_t, std::int64_t) override {
    return Insert::full;
  }
};

TEST(DpopProof, FullReplayCacheFailsClosed) {
  FullReplayCache replay;
  const auto a = SigningKey::generate_ec("P-256").value();
  EXPECT_THAT(check(proof_with(a, Algorithm::es256), a.thumbprint(), replay),
              HasFailureReason(FailureReason::replay_cache_full));
}

// Attack: a proof with crit:["foo"] was accepted. RFC 7515 §4.1.11: refuse what we do not
// understand, and we understand no extension.
TEST(DpopProof, CriticalHeaderParametersAreRefused) {
  InMemoryReplayCache replay(1024);
  const auto key = SigningKey::generate_ec("P-256").value();
  json header = proof_header(key, Algorithm::es256);
  header["crit"] = json::array({"foo"});
  EXPECT_THAT(check(sign(header, proof_claims(), key, Algorithm::es256), key.thumbprint(), replay),
              HasFailureReason(FailureReason::proof_critical_header));
  header["crit"] = json::array();  // present at all is enough
  EXPECT_THAT(check(sign(header, proof_claims(), key, Algorithm::es256), key.thumbprint(), replay),
              HasFailureReason(FailureReason::proof_critical_header));
}

// Attack: a 9,000-character jti was accepted and kept whole.
TEST(DpopProof, JtiLongerThanTheLimitIsRefusedWithItsReason) {
  InMemoryReplayCache replay(1024);
  const auto key = SigningKey::generate_ec("P-256").value();
  const auto long_proof = sign(proof_header(key, Algorithm::es256),
                               proof_claims(std::string(9000, 'j')), key, Algorithm::es256);
  EXPECT_THAT(check(long_proof, key.thumbprint(), replay),
              HasFailureReason(FailureReason::proof_jti_too_long));
  const auto at_limit = sign(proof_header(key, Algorithm::es256),
                             proof_claims(std::string(256, 'j')), key, Algorithm::es256);
  EXPECT_THAT(check(at_limit, key.thumbprint(), replay), IsOk());
}

// Attack: holding a bound token but not its key, anyone could make the gateway import huge
// RSA keys and verify with them. The thumbprint is compared with cnf.jkt first; nothing is
// imported or cached for a key the token is not bound to.
TEST(DpopProof, ThumbprintIsComparedBeforeAnyKeyIsImported) {
  InMemoryReplayCache replay(1024);
  ProofKeyCache keys(100);
  const auto real = SigningKey::generate_ec("P-256").value();
  for (const int bits : {16384, 8192, 4104}) {
    json header = proof_header(real, Algorithm::ps256);
    header["jwk"] = fake_rsa_jwk(bits, "AQABAQ");  // and a 24-bit exponent
    const std::string proof = forge(header, proof_claims(), std::string(bits / 8, 'S'));
    const auto result = check(proof, real.thumbprint(), replay, all_algs(), &keys);
    EXPECT_THAT(result, HasFailureReason(FailureReason::proof_jkt_mismatch)) << bits;
  }
  EXPECT_EQ(keys.size(), 0u);
}

// For a key the token is bound to, the size and exponent are checked before the import.
TEST(DpopProof, RsaProofKeysAre2048To4096BitsWithExponent65537) {
  InMemoryReplayCache replay(1024);
  for (const auto& [jwk, what] :
       {std::pair{fake_rsa_jwk(8192), "8192 bits"}, std::pair{fake_rsa_jwk(2040), "2040 bits"},
        std::pair{fake_rsa_jwk(2048, "Aw"), "e = 3"}}) {
    json header = {{"typ", "dpop+jwt"}, {"alg", "PS256"}, {"jwk", jwk}};
    const std::string proof = forge(header, proof_claims(), std::string(256, 'S'));
    const auto result = check(proof, jwk_thumbprint(jwk).value(), replay);
    ASSERT_THAT(result, HasFailureReason(FailureReason::proof_bad_jwk)) << what;
    EXPECT_NE(result.error().detail.find("RSA"), std::string::npos) << result.error().detail;
  }
}

TEST(DpopProof, BoundKeysAreCachedWithTheirThumbprint) {
  InMemoryReplayCache replay(1024);
  ProofKeyCache keys(100);
  const auto key = SigningKey::generate_ec("P-256").value();
  EXPECT_THAT(
      check(proof_with(key, Algorithm::es256, "a"), key.thumbprint(), replay, all_algs(), &keys),
      IsOk());
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_THAT(
      check(proof_with(key, Algorithm::es256, "b"), key.thumbprint(), replay, all_algs(), &keys),
      IsOk());
  EXPECT_EQ(keys.size(), 1u);
  // A cached key still has to sign: a bad signature with a known key is refused.
  std::string forged = proof_with(key, Algorithm::es256, "c");
  char& inside = forged[forged.rfind('.') + 5];  // a signature byte, canonical either way
  inside = inside == 'A' ? 'B' : 'A';
  EXPECT_THAT(check(forged, key.thumbprint(), replay, all_algs(), &keys),
              HasFailureReason(FailureReason::proof_bad_signature));
  // A cached header binds nothing by itself: another token's cnf.jkt does not match it.
  EXPECT_THAT(
      check(proof_with(key, Algorithm::es256, "d"), "another-token-jkt", replay, all_algs(), &keys),
      HasFailureReason(FailureReason::proof_jkt_mismatch));
  // Variants of the header with the client's public key but without its signature never
  // enter the cache, so they cannot churn it.
  for (int i = 0; i < 20; ++i) {
    json header = proof_header(key, Algorithm::es256);
    header["x-variant"] = i;
    const std::string unsigned_proof =
        forge(header, proof_claims("v" + std::to_string(i)), std::string(64, 'S'));
    EXPECT_THAT(check(unsigned_proof, key.thumbprint(), replay, all_algs(), &keys),
                HasFailureReason(FailureReason::proof_bad_signature));
  }
  EXPECT_EQ(keys.size(), 1u);
}

TEST(DpopProof, DuplicateMembersAndTrailingDataAreMalformed) {
  InMemoryReplayCache replay(1024);
  const auto key = SigningKey::generate_ec("P-256").value();
  const std::string header =
      R"({"typ":"dpop+jwt","alg":"ES256","alg":"ES256","jwk":)" + key.public_jwk().dump() + "}";
  const std::string payload = proof_claims().dump();
  const std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  const std::string proof =
      input + "." + base64url_encode(key.sign(Algorithm::es256, input).value());
  EXPECT_THAT(check(proof, key.thumbprint(), replay),
              HasFailureReason(FailureReason::malformed_proof));
  const std::string trailing =
      base64url_encode(proof_header(key, Algorithm::es256).dump() + " {}") + "." +
      base64url_encode(payload);
  EXPECT_THAT(check(trailing + "." + base64url_encode(key.sign(Algorithm::es256, trailing).value()),
                    key.thumbprint(), replay),
              HasFailureReason(FailureReason::malformed_proof));
}

// Extreme iat values neither overflow (UBSan would stop the test) nor pass.
TEST(DpopProof, ExtremeIatIsOutOfWindowWithoutOverflow) {
  InMemoryReplayCache replay(1024);
  const auto key = SigningKey::generate_ec("P-256").value();
  for (const json iat : {json(std::numeric_limits<std::int64_t>::max()),
                         json(std::numeric_limits<std::int64_t>::min()), json(1.0e300)}) {
    json claims = proof_claims();
    claims["iat"] = iat;
    const auto proof = sign(proof_header(key, Algorithm::es256), claims, key, Algorithm::es256);
    const auto result = check(proof, key.thumbprint(), replay);
    EXPECT_FALSE(result.ok()) << iat.dump();
  }
  const auto at_edge =
      sign(proof_header(key, Algorithm::es256), proof_claims(), key, Algorithm::es256);
  EXPECT_FALSE(check(at_edge, key.thumbprint(), replay, all_algs(), nullptr,
                     std::numeric_limits<std::int64_t>::max())
                   .ok());
}

TEST(DpopProof, WithNoncesOnTheProofMustCarryTheCurrentOrPreviousNonce) {
  InMemoryReplayCache replay(1024);
  const DpopNonces nonces(300, "a shared secret of some length");
  ProofRules rules = all_algs();
  rules.nonces = &nonces;
  const auto key = SigningKey::generate_ec("P-256").value();
  const auto proof_with_nonce = [&](const std::string& jti, const json& nonce) {
    json claims = proof_claims(jti);
    if (!nonce.is_null()) claims["nonce"] = nonce;
    return sign(proof_header(key, Algorithm::es256), claims, key, Algorithm::es256);
  };
  EXPECT_THAT(check(proof_with_nonce("1", nullptr), key.thumbprint(), replay, rules),
              HasFailureReason(FailureReason::proof_nonce_invalid));
  EXPECT_THAT(check(proof_with_nonce("2", "made-up"), key.thumbprint(), replay, rules),
              HasFailureReason(FailureReason::proof_nonce_invalid));
  const auto fresh =
      check(proof_with_nonce("3", nonces.current(kNow)), key.thumbprint(), replay, rules);
  ASSERT_THAT(fresh, IsOk());
  EXPECT_FALSE(fresh->nonce_stale);
  const auto previous =
      check(proof_with_nonce("4", nonces.current(kNow - 300)), key.thumbprint(), replay, rules);
  ASSERT_THAT(previous, IsOk());
  EXPECT_TRUE(previous->nonce_stale);
  EXPECT_THAT(
      check(proof_with_nonce("5", nonces.current(kNow - 600)), key.thumbprint(), replay, rules),
      HasFailureReason(FailureReason::proof_nonce_invalid));
  // Another secret (another deployment) issues other nonces.
  const DpopNonces other(300, "another secret, also long enough");
  EXPECT_NE(other.current(kNow), nonces.current(kNow));
}

}  // namespace
}  // namespace gateway::auth::testing
