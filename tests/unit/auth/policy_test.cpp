// Access policy: NHN and SMART scopes, user vs machine tokens, security level, attestation,
// purpose of use and patient matching.
#include <gtest/gtest.h>

#include "auth/policy.hpp"
#include "auth_test_support.hpp"

namespace gateway::auth {
namespace {

using fhir::Access;
using fhir::Interaction;
using testing::HasFailureReason;
using testing::IsOk;
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

Result<Permission> decide(const Principal& p, const fhir::Route& r,
                          const PolicyConfig& c = config()) {
  return check_policy(p, r, c);
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
  EXPECT_THAT(decide(user({"nhn:gw/read"}), kPatientRead), IsOk());
}

TEST(Policy, MissingScopeIsInsufficientScope) {
  EXPECT_THAT(decide(user({"nhn:gw/write"}), kPatientRead),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({}), kPatientRead), HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({"nhn:gw/READ"}), kPatientRead),
              HasFailureReason(FailureReason::insufficient_scope));
}

TEST(Policy, ReadScopeDoesNotGrantWrites) {
  const auto create =
      route(Access::patient_data, "/fhir/Observation", Interaction::create, "POST", "Observation");
  EXPECT_THAT(decide(user({"nhn:gw/read"}), create),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({"nhn:gw/write"}), create), IsOk());
}

TEST(Policy, SecurityLevelThreeIsRefusedForPatientData) {
  Principal p = user({"nhn:gw/read"});
  p.security_level = "3";
  EXPECT_THAT(decide(p, kPatientRead), HasFailureReason(FailureReason::security_level_too_low));
  p.security_level = "four";
  EXPECT_THAT(decide(p, kPatientRead), HasFailureReason(FailureReason::security_level_too_low));
  p.security_level = "";
  EXPECT_THAT(decide(p, kPatientRead), HasFailureReason(FailureReason::security_level_too_low));
  PolicyConfig lenient = config();
  lenient.min_security_level = 3;
  p.security_level = "3";
  EXPECT_THAT(decide(p, kPatientRead, lenient), IsOk());
}

TEST(Policy, MachineTokenOnPatientDataIsRefused) {
  EXPECT_THAT(decide(machine({"nhn:gw/read"}), kPatientRead),
              HasFailureReason(FailureReason::user_required));
}

TEST(Policy, MissingAttestationOrPurposeOfUseIsRefused) {
  Principal p = user({"nhn:gw/read"});
  p.attestation.reset();
  EXPECT_THAT(decide(p, kPatientRead), HasFailureReason(FailureReason::attestation_required));
  p.attestation_problem = "attestation claim is not JSON";  // named in the log detail
  const auto unusable = decide(p, kPatientRead);
  ASSERT_THAT(unusable, HasFailureReason(FailureReason::attestation_required));
  EXPECT_EQ(unusable.error().detail, "attestation claim is not JSON");
  EXPECT_THAT(decide(user({"nhn:gw/read"}, ""), kPatientRead),
              HasFailureReason(FailureReason::purpose_of_use_required));
  EXPECT_THAT(decide(user({"nhn:gw/read"}, "MARKETING"), kPatientRead),
              HasFailureReason(FailureReason::purpose_of_use_required));
  PolicyConfig no_attestation = config();
  no_attestation.require_attestation = false;
  EXPECT_THAT(decide(p, kPatientRead, no_attestation), IsOk());
}

TEST(Policy, GrunndataReadableByMachineTokensWhenConfigured) {
  EXPECT_THAT(decide(machine({"nhn:gw/read"}), kGrunndataSearch), IsOk());
  PolicyConfig closed = config();
  closed.grunndata_machine_read = false;
  EXPECT_THAT(decide(machine({"nhn:gw/read"}), kGrunndataSearch, closed),
              HasFailureReason(FailureReason::machine_token_refused));
  EXPECT_THAT(decide(user({"nhn:gw/read"}), kGrunndataSearch, closed), IsOk());
  EXPECT_THAT(decide(machine({"nhn:gw/write"}), kGrunndataCreate),
              HasFailureReason(FailureReason::machine_token_refused));
}

TEST(Policy, GrunndataNeedsNoAttestationOrHighSecurityLevel) {
  Principal p = user({"nhn:gw/read"}, "");
  p.security_level = "3";
  p.attestation.reset();
  EXPECT_THAT(decide(p, kGrunndataSearch), IsOk());
}

TEST(Policy, AdminNeedsItsOwnScope) {
  EXPECT_THAT(decide(machine({"nhn:gw/read", "nhn:gw/write"}), kAdminReload),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(machine({"nhn:gw/admin"}), kAdminReload), IsOk());
  EXPECT_THAT(decide(machine({"system/*.cruds"}), kAdminReload),
              HasFailureReason(FailureReason::insufficient_scope));
}

TEST(SmartScopes, V2ResourceAndWildcardScopes) {
  EXPECT_THAT(decide(machine({"system/MedicinalProductDefinition.rs"}), kGrunndataSearch), IsOk());
  EXPECT_THAT(decide(machine({"system/*.rs"}), kGrunndataSearch), IsOk());
  EXPECT_THAT(decide(user({"user/*.rs"}), kPatientRead), IsOk());
  EXPECT_THAT(decide(user({"user/Patient.r"}), kPatientRead), IsOk());
}

TEST(SmartScopes, WrongTypePermissionOrSyntaxGrantsNothing) {
  EXPECT_THAT(decide(machine({"system/Patient.rs"}), kGrunndataSearch),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(machine({"system/MedicinalProductDefinition.r"}), kGrunndataSearch),
              HasFailureReason(FailureReason::insufficient_scope));  // search needs 's'
  EXPECT_THAT(decide(machine({"system/*.sr"}), kGrunndataSearch),
              HasFailureReason(FailureReason::insufficient_scope));  // letters out of order
  EXPECT_THAT(
      decide(machine({"system/*.rs?code=x"}), kGrunndataSearch),
      HasFailureReason(FailureReason::insufficient_scope));  // narrowed scopes are not enforced
  EXPECT_THAT(decide(machine({"launch/*.rs"}), kGrunndataSearch),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(machine({"system/*.rs"}), kGrunndataCreate),
              HasFailureReason(FailureReason::insufficient_scope));
  PolicyConfig no_smart = config();
  no_smart.scopes.smart = false;
  EXPECT_THAT(decide(machine({"system/*.rs"}), kGrunndataSearch, no_smart),
              HasFailureReason(FailureReason::insufficient_scope));
}

TEST(SmartScopes, V1ReadWriteAndStar) {
  EXPECT_THAT(decide(machine({"system/*.read"}), kGrunndataSearch), IsOk());
  EXPECT_THAT(decide(user({"user/*.write"}), kGrunndataCreate), IsOk());
  EXPECT_THAT(decide(user({"user/*.read"}), kGrunndataCreate),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({"user/*.*"}), kGrunndataCreate), IsOk());
}

// Attack: a token whose only scope was patient/*.rs read data, as if unrestricted.
TEST(SmartScopes, PatientScopesGrantOnlyTheAttestedPatientsCompartment) {
  EXPECT_THAT(decide(user({"patient/*.rs"}), kGrunndataSearch),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(machine({"patient/*.rs"}), kGrunndataSearch),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({"patient/*.cruds"}), kAdminReload),
              HasFailureReason(FailureReason::insufficient_scope));
  const auto narrowed = decide(user({"patient/*.rs"}), kPatientRead);
  ASSERT_THAT(narrowed, IsOk());
  EXPECT_EQ(narrowed->compartment_patient, "12345678901");
  Principal two_patients = user({"patient/*.rs"});
  two_patients.attestation->patients.push_back(two_patients.attestation->patients.front());
  EXPECT_THAT(decide(two_patients, kPatientRead),
              HasFailureReason(FailureReason::insufficient_scope));
  // A full grant next to it is not narrowed.
  const auto full = decide(user({"patient/*.rs", "user/*.rs"}), kPatientRead);
  ASSERT_THAT(full, IsOk());
  EXPECT_FALSE(full->compartment_patient.has_value());
}

TEST(SmartScopes, AreOffByDefault) {
  const PolicyConfig defaults;
  EXPECT_FALSE(defaults.scopes.smart);
  PolicyConfig nhn = config();
  nhn.scopes.smart = defaults.scopes.smart;
  EXPECT_THAT(decide(user({"user/*.rs"}), kPatientRead, nhn),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({"patient/*.rs"}), kPatientRead, nhn),
              HasFailureReason(FailureReason::insufficient_scope));
  EXPECT_THAT(decide(user({"nhn:gw/read"}), kPatientRead, nhn), IsOk());
}

TEST(PatientMatch, AttestationMustNameTheRequestedPatient) {
  const Principal p = user({"nhn:gw/read"});
  EXPECT_THAT(check_patient(p, "12345678901"), IsOk());
  EXPECT_THAT(check_patient(p, "10987654321"), HasFailureReason(FailureReason::patient_mismatch));
  EXPECT_THAT(check_patient(p, ""), HasFailureReason(FailureReason::patient_mismatch));
  Principal unattested = p;
  unattested.attestation.reset();
  EXPECT_THAT(check_patient(unattested, "12345678901"),
              HasFailureReason(FailureReason::patient_mismatch));
  Principal anonymous_patients = p;
  anonymous_patients.attestation->patients = {AttestedPatient{}};
  EXPECT_THAT(check_patient(anonymous_patients, "12345678901"),
              HasFailureReason(FailureReason::patient_mismatch));
}

}  // namespace
}  // namespace gateway::auth
