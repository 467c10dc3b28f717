// DPoP proof checks in isolation: algorithms, curve/alg agreement, replay keying.
#include "auth/dpop.hpp"

#include "auth/htu.hpp"
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

Status check(const std::string& proof, const std::string& jkt, ReplayCache& replay,
             const ProofRules& rules = all_algs()) {
  const std::string ath = sha256_base64url("token");
  const ProofContext context{proof, "GET", kHtu, ath, jkt, kNow};
  return check_dpop_proof(context, rules, replay);
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
  Insert insert(std::string_view, std::int64_t, std::int64_t) override { return Insert::full; }
};

TEST(DpopProof, FullReplayCacheFailsClosed) {
  FullReplayCache replay;
  const auto a = SigningKey::generate_ec("P-256").value();
  EXPECT_THAT(check(proof_with(a, Algorithm::es256), a.thumbprint(), replay),
              HasFailureReason(FailureReason::replay_cache_full));
}

}  // namespace
}  // namespace gateway::auth::testing
