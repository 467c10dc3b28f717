// The local test issuer: key files (private from their creation, never written through a
// planted symlink), minted tokens and proofs accepted end to end, altered ones refused.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "auth/test_issuer.hpp"
#include "auth/trust_framework.hpp"
#include "auth_test_support.hpp"

namespace gateway::auth {
namespace {

namespace fs = std::filesystem;
using testing::HasErrorKind;
using testing::IsOk;
using testing::request;
using testing::route;

class TestIssuerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("auth-test-issuer-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST_F(TestIssuerTest, CreatesKeysOnceAndReloadsThem) {
  auto first = TestIssuer::open(dir.string());
  ASSERT_TRUE(first.ok()) << first.error().log_detail;
  EXPECT_TRUE(fs::exists(dir / "issuer-key.pem"));
  EXPECT_TRUE(fs::exists(dir / "client-key.pem"));
  EXPECT_TRUE(fs::exists(dir / "jwks.json"));
  EXPECT_EQ(fs::status(dir / "issuer-key.pem").permissions() & fs::perms::others_read,
            fs::perms::none);
  auto second = TestIssuer::open(dir.string());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->kid(), second->kid());
  EXPECT_EQ(first->client_key().thumbprint(), second->client_key().thumbprint());
}

// Restores the process umask when the test ends.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t previous_;
};

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// With umask 0 a file created with open(..., 0666) and tightened afterwards was readable by
// everyone until the chmod; created 0600 it never is, and ends up exactly 0600.
TEST_F(TestIssuerTest, PrivateKeyFilesAre0600EvenWithAnOpenUmask) {
  {
    ScopedUmask open_umask(0);
    auto issuer = TestIssuer::open(dir.string());
    ASSERT_TRUE(issuer.ok()) << issuer.error().log_detail;
  }
  EXPECT_EQ(mode_of(dir / "issuer-key.pem"), 0600u);
  EXPECT_EQ(mode_of(dir / "client-key.pem"), 0600u);
  EXPECT_NE(mode_of(dir / "jwks.json") & 0004u, 0u);  // the public key set stays readable
}

// The attack: a symlink planted where the issuer key will be created. Writing through it
// would put the private key wherever it points (with the creator's umask, until a chmod).
TEST_F(TestIssuerTest, APlantedSymlinkDoesNotReceiveThePrivateKey) {
  fs::create_directories(dir);
  const fs::path stolen = dir / "stolen-key.pem";
  fs::create_symlink(stolen, dir / "issuer-key.pem");
  auto issuer = TestIssuer::open(dir.string());
  EXPECT_FALSE(issuer.ok());
  EXPECT_FALSE(fs::exists(stolen));
  EXPECT_TRUE(fs::is_symlink(dir / "issuer-key.pem"));  // left alone, not replaced
}

TEST_F(TestIssuerTest, LocalConfigIsMarkedNotForProduction) {
  const auto config = ensure_local_test_issuer(dir.string());
  ASSERT_TRUE(config.ok());
  EXPECT_NE(config->issuer.find("NOT-FOR-PRODUCTION"), std::string::npos);
  EXPECT_TRUE(config->htu_from_host_header);
  EXPECT_EQ(config->policy.scopes.read, std::string(kLocalTestAudience) + "/read");
  EXPECT_TRUE(fs::exists(dir / "test-issuer" / "jwks.json"));
}

TEST_F(TestIssuerTest, MintedTokenAndProofAreAcceptedByTheTrustLayer) {
  const auto config = ensure_local_test_issuer(dir.string());
  ASSERT_TRUE(config.ok());
  const auto issuer = TestIssuer::open((dir / "test-issuer").string());
  ASSERT_TRUE(issuer.ok());
  ops::MetricsRegistry metrics;
  const std::int64_t now = 1800000000;
  TrustLayer layer(*config, metrics, [now] { return now; });
  ASSERT_THAT(layer.load_keys(), IsOk());

  TestTokenRequest token_request;
  token_request.patient = "12345678901";
  const std::string token = issuer->mint_access_token(token_request, now);
  const std::string proof =
      issuer->mint_dpop_proof("GET", "http://localhost:8080/fhir/Patient/123", token, now);
  const auto result = testing::authenticate_and_authorize(
      layer,
      request("GET", "/fhir/Patient/123",
              {{"host", "localhost:8080"}, {"authorization", "DPoP " + token}, {"dpop", proof}}),
      route(fhir::Access::patient_data));
  ASSERT_TRUE(result.ok()) << result.error().log_detail;
  EXPECT_THAT(layer.check_patient(**result, "12345678901"), IsOk());
  EXPECT_THAT(layer.check_patient(**result, "10987654321"),
              HasErrorKind(fhir::ErrorKind::forbidden));
}

TEST_F(TestIssuerTest, MintedAttestationCarriesTheSystemsThePolicyRequires) {
  const auto issuer = TestIssuer::open(dir.string());
  ASSERT_TRUE(issuer.ok());
  TestTokenRequest token_request;
  token_request.patient = "12345678901";
  const auto attestation =
      issuer->access_token_claims(token_request, 100)["nhn:tillitsrammeverk:parameters"];
  EXPECT_EQ(attestation["care_relationship"]["purpose_of_use"]["system"],
            std::string(kPurposeOfUseSystem));
  EXPECT_EQ(attestation["patients"][0]["identifier"]["system"], std::string(kFodselsnummerSystem));
  EXPECT_EQ(attestation["practitioner"]["identifier"]["id"], token_request.pid);
  EXPECT_EQ(attestation["practitioner"]["hpr_nr"]["id"], token_request.hpr_number);
}

// Attack: a token for patient data whose attestation names another practitioner; and an
// emergency purpose where emergency access is off.
TEST_F(TestIssuerTest, TrustLayerRefusesAnotherPractitionerAndDisabledEmergencyAccess) {
  auto config = ensure_local_test_issuer(dir.string());
  ASSERT_TRUE(config.ok());
  config->policy.allow_emergency_access = false;
  const auto issuer = TestIssuer::open((dir / "test-issuer").string());
  ASSERT_TRUE(issuer.ok());
  ops::MetricsRegistry metrics;
  const std::int64_t now = 1800000000;
  TrustLayer layer(*config, metrics, [now] { return now; });
  ASSERT_THAT(layer.load_keys(), IsOk());
  const auto call = [&](const std::string& token) {
    const std::string proof =
        issuer->mint_dpop_proof("GET", "http://localhost:8080/fhir/Patient/123", token, now);
    return testing::authenticate_and_authorize(
        layer,
        request("GET", "/fhir/Patient/123",
                {{"host", "localhost:8080"}, {"authorization", "DPoP " + token}, {"dpop", proof}}),
        route(fhir::Access::patient_data));
  };
  TestTokenRequest token_request;
  token_request.patient = "12345678901";
  EXPECT_THAT(call(issuer->mint_access_token(token_request, now)), IsOk());

  auto claims = issuer->access_token_claims(token_request, now);
  claims["nhn:tillitsrammeverk:parameters"]["practitioner"]["identifier"]["id"] = "20086600138";
  const auto other_person = call(issuer->sign_access_token(claims));
  ASSERT_THAT(other_person, HasErrorKind(fhir::ErrorKind::forbidden));
  EXPECT_EQ(other_person.error().log_detail,
            "auth practitioner_mismatch: attested practitioner identifier is not the user's pid");
  EXPECT_EQ(other_person.error().diagnostics,
            "Access denied: attested practitioner is not the authenticated user");

  token_request.purpose_of_use = "BTG";
  const auto emergency = call(issuer->mint_access_token(token_request, now));
  ASSERT_THAT(emergency, HasErrorKind(fhir::ErrorKind::forbidden));
  EXPECT_EQ(emergency.error().log_detail, "auth emergency_access_disabled: purpose_of_use BTG");
}

TEST_F(TestIssuerTest, MachineAndBearerTokensHaveTheExpectedShape) {
  const auto issuer = TestIssuer::open(dir.string());
  ASSERT_TRUE(issuer.ok());
  TestTokenRequest machine;
  machine.machine = true;
  machine.dpop_bound = false;
  machine.scopes = {"nhn:x/read", "system/*.rs"};
  const auto claims = issuer->access_token_claims(machine, 100);
  EXPECT_FALSE(claims.contains("helseid://claims/identity/pid"));
  EXPECT_FALSE(claims.contains("nhn:tillitsrammeverk:parameters"));
  EXPECT_FALSE(claims.contains("cnf"));
  EXPECT_EQ(claims["scope"], nlohmann::json::array({"nhn:x/read", "system/*.rs"}));
  EXPECT_EQ(claims["exp"], 700);
}

}  // namespace
}  // namespace gateway::auth
