// Access policy: NHN and SMART scopes, user vs machine tokens, security level, attestation,
// purpose of use and patient matching.
#include <gtest/gtest.h>

#include "auth/policy.hpp"
#include "auth_test_support.hpp"

namespace gateway::auth {
namespace {

using fhir::Access;
using fhir::Interaction;
using testing::route;

PolicyConfig config() {
  PolicyConfig c;
  c.scopes = {"nhn:gw/read", "nhn:gw/write", "nhn:gw/admin", true};
  return c;
}

Principal user(std::vector<std::string> scopes, std::string purpose = "TREAT") {
  Principal p;
  p.client_id = "c";
  p.pid = "05898597468";
  p.security_level = "4";
  p.scopes = std::move(scopes);
  Attestation a;
  if (!purpose.empty()) a.care_relationship.purpose_of_use = AttestedCode{purpose, "", "", ""};
  a.patients.push_back(AttestedPatient{AttestedIdentifier{"12345678901", "", "", ""}, {}, {}});
  p.attestation = a;
  return p;
}

Principal machine(std::vector<std::string> scopes) {
  Principal p;
  p.client_id = "m";
  p.scopes = std::move(scopes);
  return p;
}

std::optional<FailureReason> decide(const Principal& p, const fhir::Route& r,
                                    const PolicyConfig& c = config()) {
  const auto failure = check_policy(p, r, c);
  if (!failure) return std::nullopt;
  return failure->reason;
}

const fhir::Route kPatientRead = route(Access::patient_data);
const fhir::Route kGrunndataSearch =
    route(Access::grunndata, "/fhir/MedicinalProductDefinition", Interaction::search_type, "GET",
          "MedicinalProductDefinition");
const fhir::Route kGrunndataCreate =
    route(Access::grunndata, "/fhir/MedicinalProductDefinition", Interaction::create, "POST",
          "MedicinalProductDefinition");
const fhir::Route kAdminReload =
    route(Access::admin, "/admin/reload", Interaction::operation, "POST", "");

TEST(Policy, PatientDataAcceptsAttestedLevelFourUser) {
  EXPECT_EQ(decide(user({"nhn:gw/read"}), kPatientRead), std::nullopt);
}

TEST(Policy, MissingScopeIsInsufficientScope) {
  EXPECT_EQ(decide(user({"nhn:gw/write"}), kPatientRead), FailureReason::insufficient_scope);
  EXPECT_EQ(decide(user({}), kPatientRead), FailureReason::insufficient_scope);
  EXPECT_EQ(decide(user({"nhn:gw/READ"}), kPatientRead), FailureReason::insufficient_scope);
}

TEST(Policy, ReadScopeDoesNotGrantWrites) {
  const auto create =
      route(Access::patient_data, "/fhir/Observation", Interaction::create, "POST", "Observation");
  EXPECT_EQ(decide(user({"nhn:gw/read"}), create), FailureReason::insufficient_scope);
  EXPECT_EQ(decide(user({"nhn:gw/write"}), create), std::nullopt);
}

TEST(Policy, SecurityLevelThreeIsRefusedForPatientData) {
  Principal p = user({"nhn:gw/read"});
  p.security_level = "3";
  EXPECT_EQ(decide(p, kPatientRead), FailureReason::security_level_too_low);
  p.security_level = "four";
  EXPECT_EQ(decide(p, kPatientRead), FailureReason::security_level_too_low);
  p.security_level = "";
  EXPECT_EQ(decide(p, kPatientRead), FailureReason::security_level_too_low);
  PolicyConfig lenient = config();
  lenient.min_security_level = 3;
  p.security_level = "3";
  EXPECT_EQ(decide(p, kPatientRead, lenient), std::nullopt);
}

TEST(Policy, MachineTokenOnPatientDataIsRefused) {
  EXPECT_EQ(decide(machine({"nhn:gw/read"}), kPatientRead), FailureReason::user_required);
}

TEST(Policy, MissingAttestationOrPurposeOfUseIsRefused) {
  Principal p = user({"nhn:gw/read"});
  p.attestation.reset();
  EXPECT_EQ(decide(p, kPatientRead), FailureReason::attestation_required);
  EXPECT_EQ(decide(user({"nhn:gw/read"}, ""), kPatientRead),
            FailureReason::purpose_of_use_required);
  EXPECT_EQ(decide(user({"nhn:gw/read"}, "MARKETING"), kPatientRead),
            FailureReason::purpose_of_use_required);
  PolicyConfig no_attestation = config();
  no_attestation.require_attestation = false;
  EXPECT_EQ(decide(p, kPatientRead, no_attestation), std::nullopt);
}

TEST(Policy, GrunndataReadableByMachineTokensWhenConfigured) {
  EXPECT_EQ(decide(machine({"nhn:gw/read"}), kGrunndataSearch), std::nullopt);
  PolicyConfig closed = config();
  closed.grunndata_machine_read = false;
  EXPECT_EQ(decide(machine({"nhn:gw/read"}), kGrunndataSearch, closed),
            FailureReason::machine_token_refused);
  EXPECT_EQ(decide(user({"nhn:gw/read"}), kGrunndataSearch, closed), std::nullopt);
  EXPECT_EQ(decide(machine({"nhn:gw/write"}), kGrunndataCreate),
            FailureReason::machine_token_refused);
}

TEST(Policy, GrunndataNeedsNoAttestationOrHighSecurityLevel) {
  Principal p = user({"nhn:gw/read"}, "");
  p.security_level = "3";
  p.attestation.reset();
  EXPECT_EQ(decide(p, kGrunndataSearch), std::nullopt);
}

TEST(Policy, AdminNeedsItsOwnScope) {
  EXPECT_EQ(decide(machine({"nhn:gw/read", "nhn:gw/write"}), kAdminReload),
            FailureReason::insufficient_scope);
  EXPECT_EQ(decide(machine({"nhn:gw/admin"}), kAdminReload), std::nullopt);
  EXPECT_EQ(decide(machine({"system/*.cruds"}), kAdminReload), FailureReason::insufficient_scope);
}

TEST(SmartScopes, V2ResourceAndWildcardScopes) {
  EXPECT_EQ(decide(machine({"system/MedicinalProductDefinition.rs"}), kGrunndataSearch),
            std::nullopt);
  EXPECT_EQ(decide(machine({"system/*.rs"}), kGrunndataSearch), std::nullopt);
  EXPECT_EQ(decide(user({"user/*.rs"}), kPatientRead), std::nullopt);
  EXPECT_EQ(decide(user({"user/Patient.r"}), kPatientRead), std::nullopt);
}

TEST(SmartScopes, WrongTypePermissionOrSyntaxGrantsNothing) {
  EXPECT_EQ(decide(machine({"system/Patient.rs"}), kGrunndataSearch),
            FailureReason::insufficient_scope);
  EXPECT_EQ(decide(machine({"system/MedicinalProductDefinition.r"}), kGrunndataSearch),
            FailureReason::insufficient_scope);  // search needs 's'
  EXPECT_EQ(decide(machine({"system/*.sr"}), kGrunndataSearch),
            FailureReason::insufficient_scope);  // letters out of order
  EXPECT_EQ(decide(machine({"system/*.rs?code=x"}), kGrunndataSearch),
            FailureReason::insufficient_scope);  // narrowed scopes are not enforced
  EXPECT_EQ(decide(machine({"launch/*.rs"}), kGrunndataSearch), FailureReason::insufficient_scope);
  EXPECT_EQ(decide(machine({"system/*.rs"}), kGrunndataCreate), FailureReason::insufficient_scope);
  PolicyConfig no_smart = config();
  no_smart.scopes.smart = false;
  EXPECT_EQ(decide(machine({"system/*.rs"}), kGrunndataSearch, no_smart),
            FailureReason::insufficient_scope);
}

TEST(SmartScopes, V1ReadWriteAndStar) {
  EXPECT_EQ(decide(machine({"system/*.read"}), kGrunndataSearch), std::nullopt);
  EXPECT_EQ(decide(user({"user/*.write"}), kGrunndataCreate), std::nullopt);
  EXPECT_EQ(decide(user({"user/*.read"}), kGrunndataCreate), FailureReason::insufficient_scope);
  EXPECT_EQ(decide(user({"user/*.*"}), kGrunndataCreate), std::nullopt);
}

TEST(PatientMatch, AttestationMustNameTheRequestedPatient) {
  const Principal p = user({"nhn:gw/read"});
  EXPECT_FALSE(check_patient(p, "12345678901").has_value());
  EXPECT_EQ(check_patient(p, "10987654321")->reason, FailureReason::patient_mismatch);
  EXPECT_EQ(check_patient(p, "")->reason, FailureReason::patient_mismatch);
  Principal unattested = p;
  unattested.attestation.reset();
  EXPECT_EQ(check_patient(unattested, "12345678901")->reason, FailureReason::patient_mismatch);
  Principal anonymous_patients = p;
  anonymous_patients.attestation->patients = {AttestedPatient{}};
  EXPECT_EQ(check_patient(anonymous_patients, "12345678901")->reason,
            FailureReason::patient_mismatch);
}

}  // namespace
}  // namespace gateway::auth
