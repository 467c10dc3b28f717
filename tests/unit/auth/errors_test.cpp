// Failure reasons and their mapping to status, challenge and client-safe text.
#include <gtest/gtest.h>

#include <set>

#include "auth/errors.hpp"

namespace gateway::auth {
namespace {

TEST(FailureReasons, EveryReasonHasAUniqueLabelAndDescription) {
  std::set<std::string_view> labels;
  for (std::size_t i = 0; i < kFailureReasonCount; ++i) {
    const auto reason = static_cast<FailureReason>(i);
    EXPECT_FALSE(reason_label(reason).empty()) << i;
    EXPECT_FALSE(client_description(reason).empty()) << i;
    EXPECT_TRUE(labels.insert(reason_label(reason)).second) << reason_label(reason);
  }
  EXPECT_EQ(reason_label(FailureReason::patient_mismatch), "patient_mismatch");
  EXPECT_EQ(reason_label(FailureReason::missing_credentials), "missing_credentials");
}

TEST(ToFhirError, InvalidTokenChallenge) {
  const auto error = to_fhir_error(fail(FailureReason::expired, "exp 1, now 2"),
                                   ChallengeParams{"ES256 RS256", false, "s"});
  EXPECT_EQ(error.kind, fhir::ErrorKind::unauthorized);
  ASSERT_EQ(error.headers.size(), 1u);
  EXPECT_EQ(error.headers[0].name, "www-authenticate");
  EXPECT_EQ(error.headers[0].value,
            R"(DPoP error="invalid_token", error_description="token expired", algs="ES256 RS256")");
  EXPECT_EQ(error.diagnostics, "Authentication failed: token expired");
  EXPECT_EQ(error.log_detail, "auth expired: exp 1, now 2");
}

TEST(ToFhirError, InvalidProofAndInsufficientScope) {
  const auto proof = to_fhir_error(fail(FailureReason::proof_replay), {"ES256", false, ""});
  EXPECT_EQ(proof.kind, fhir::ErrorKind::unauthorized);
  EXPECT_NE(proof.headers[0].value.find(R"(error="invalid_dpop_proof")"), std::string::npos);

  const auto scope =
      to_fhir_error(fail(FailureReason::insufficient_scope), {"ES256", true, "nhn:gw/read"});
  EXPECT_EQ(scope.kind, fhir::ErrorKind::forbidden);
  ASSERT_EQ(scope.headers.size(), 2u);
  EXPECT_EQ(
      scope.headers[0].value,
      R"(DPoP error="insufficient_scope", error_description="insufficient scope", scope="nhn:gw/read", algs="ES256")");
  EXPECT_EQ(
      scope.headers[1].value,
      R"(Bearer error="insufficient_scope", error_description="insufficient scope", scope="nhn:gw/read")");
}

}  // namespace
}  // namespace gateway::auth
