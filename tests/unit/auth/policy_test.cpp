// Access policy: NHN and SMART scopes, user vs machine tokens, security level, attestation,
// purpose of use (its code system, emergency access), the attested practitioner and
// patients, and patient matching.
#include <gtest/gtest.h>

#include "auth/policy.hpp"
#include "auth/trust_framework.hpp"
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

constexpr const char* kPid = "05898597468";
constexpr const char* kHpr = "565501872";
constexpr const char* kPatientFnr = "12345678901";

AttestedIdentifier national_id(std::string id, std::string_view system = kFodselsnummerSystem) {
  return AttestedIdentifier{std::move(id), "", std::string(system), ""};
}

// A level-4 user with an attestation as HelseID enriches it: the practitioner is the user
// (pid and HPR number), the purpose of use is in the HL7 PurposeOfUse system and the
// patient is named by fødselsnummer.
Principal user(std::vector<std::string> scopes, std::string purpose = "TREAT") {
  Principal p;
  p.client_id = "c";
  p.pid = kPid;
  p.hpr_number = kHpr;
  p.security_level = "4";
  p.scopes = std::move(scopes);
  Attestation a;
  a.practitioner.identifier = national_id(kPid);
  a.practitioner.hpr_number = AttestedIdentifier{kHpr, "", "urn:oid:2.16.578.1.12.4.1.4.4", ""};
  if (!purpose.empty()) {
    a.care_relationship.purpose_of_use =
        AttestedCode{purpose, "", std::string(kPurposeOfUseSystem), ""};
  }
  a.patients.push_back(AttestedPatient{national_id(kPatientFnr), {}, {}});
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
  EXPECT_THAT(decide(user({"nhn:gw/read"}, "treat"), kPatientRead),
              HasFailureReason(FailureReason::purpose_of_use_required));
  PolicyConfig no_attestation = config();
  no_attestation.require_attestation = false;
  EXPECT_THAT(decide(p, kPatientRead, no_attestation), IsOk());
}

TEST(Policy, PurposeOfUseMustBeInTheHl7PurposeOfUseSystem) {
  Principal p = user({"nhn:gw/read"});
  EXPECT_THAT(decide(p, kPatientRead), IsOk());
  p.attestation->care_relationship.purpose_of_use->system = "";
  EXPECT_THAT(decide(p, kPatientRead),
              HasFailureReason(FailureReason::purpose_of_use_system_invalid));
  p.attestation->care_relationship.purpose_of_use->system = "urn:oid:2.16.840.1.113883.5.8";
  EXPECT_THAT(decide(p, kPatientRead),
              HasFailureReason(FailureReason::purpose_of_use_system_invalid));
  // The system is compared exactly: no prefix, case or whitespace variants.
  p.attestation->care_relationship.purpose_of_use->system = std::string(kPurposeOfUseSystem) + " ";
  EXPECT_THAT(decide(p, kPatientRead),
              HasFailureReason(FailureReason::purpose_of_use_system_invalid));
}

TEST(Policy, EmergencyPurposesAreAllowedByDefault) {
  EXPECT_TRUE(PolicyConfig{}.allow_emergency_access);
  for (const char* purpose : {"TREAT", "ETREAT", "COC", "BTG"}) {
    EXPECT_THAT(decide(user({"nhn:gw/read"}, purpose), kPatientRead), IsOk()) << purpose;
  }
}

TEST(Policy, EmergencyPurposesAreRefusedWhenEmergencyAccessIsOff) {
  PolicyConfig no_emergency = config();
  no_emergency.allow_emergency_access = false;
  for (const char* purpose : {"ETREAT", "BTG"}) {
    const auto refused = decide(user({"nhn:gw/read"}, purpose), kPatientRead, no_emergency);
    ASSERT_THAT(refused, HasFailureReason(FailureReason::emergency_access_disabled)) << purpose;
    EXPECT_EQ(refused.error().detail, std::string("purpose_of_use ") + purpose);
  }
  for (const char* purpose : {"TREAT", "COC"}) {
    EXPECT_THAT(decide(user({"nhn:gw/read"}, purpose), kPatientRead, no_emergency), IsOk())
        << purpose;
  }
  // Grunndata needs no attestation, so the setting does not apply there.
  EXPECT_THAT(decide(user({"nhn:gw/read"}, "BTG"), kGrunndataSearch, no_emergency), IsOk());
}

TEST(Policy, IsEmergencyPurposeForEtreatAndBtgOnly) {
  EXPECT_TRUE(is_emergency_purpose(user({}, "ETREAT")));
  EXPECT_TRUE(is_emergency_purpose(user({}, "BTG")));
  EXPECT_FALSE(is_emergency_purpose(user({}, "TREAT")));
  EXPECT_FALSE(is_emergency_purpose(user({}, "COC")));
  EXPECT_FALSE(is_emergency_purpose(user({}, "btg")));
  EXPECT_FALSE(is_emergency_purpose(user({}, "")));  // no purpose of use
  Principal unattested = user({}, "BTG");
  unattested.attestation.reset();
  EXPECT_FALSE(is_emergency_purpose(unattested));
  EXPECT_FALSE(is_emergency_purpose(machine({})));
}

// Attack: a user presents an attestation made for another practitioner.
TEST(Policy, AttestedPractitionerMustBeTheLoggedInUser) {
  EXPECT_THAT(decide(user({"nhn:gw/read"}), kPatientRead), IsOk());

  Principal other_pid = user({"nhn:gw/read"});
  other_pid.attestation->practitioner.identifier = national_id("20086600138");
  const auto pid_refused = decide(other_pid, kPatientRead);
  ASSERT_THAT(pid_refused, HasFailureReason(FailureReason::practitioner_mismatch));
  EXPECT_EQ(challenge_of(pid_refused.error().reason), Challenge::insufficient_scope);  // 403

  Principal other_hpr = user({"nhn:gw/read"});
  other_hpr.attestation->practitioner.hpr_number->id = "9144900";
  EXPECT_THAT(decide(other_hpr, kPatientRead),
              HasFailureReason(FailureReason::practitioner_mismatch));
}

TEST(Policy, PractitionerIsComparedOnlyWhereBothSidesNameOne) {
  // Client-sent attestations (before HelseID enriches them) name no practitioner.
  Principal unnamed = user({"nhn:gw/read"});
  unnamed.attestation->practitioner.identifier.reset();
  unnamed.attestation->practitioner.hpr_number.reset();
  EXPECT_THAT(decide(unnamed, kPatientRead), IsOk());
  Principal empty_ids = user({"nhn:gw/read"});
  empty_ids.attestation->practitioner.identifier->id.clear();
  empty_ids.attestation->practitioner.hpr_number->id.clear();
  EXPECT_THAT(decide(empty_ids, kPatientRead), IsOk());
  // A user without an HPR number (not authorised health personnel) is not compared by it.
  Principal no_hpr_claim = user({"nhn:gw/read"});
  no_hpr_claim.hpr_number.clear();
  no_hpr_claim.attestation->practitioner.hpr_number->id = "9144900";
  EXPECT_THAT(decide(no_hpr_claim, kPatientRead), IsOk());
  // The pid is still compared when there is no HPR number.
  no_hpr_claim.attestation->practitioner.identifier = national_id("20086600138");
  EXPECT_THAT(decide(no_hpr_claim, kPatientRead),
              HasFailureReason(FailureReason::practitioner_mismatch));
}

TEST(Policy, MachineTokensAreRefusedBeforeAnyAttestationCheck) {
  Principal m = machine({"nhn:gw/read"});
  m.attestation = user({}).attestation;
  m.attestation->practitioner.identifier = national_id("20086600138");
  EXPECT_THAT(decide(m, kPatientRead), HasFailureReason(FailureReason::user_required));
  EXPECT_THAT(decide(m, kGrunndataSearch), IsOk());
}

TEST(Policy, AttestedPatientsNeedAnElevenDigitNationalIdentifier) {
  Principal p = user({"nhn:gw/read"});
  for (const std::string_view system : {kFodselsnummerSystem, kDNummerSystem, kHNummerSystem}) {
    p.attestation->patients = {AttestedPatient{national_id("41018512345", system), {}, {}}};
    EXPECT_THAT(decide(p, kPatientRead), IsOk()) << system;
  }
  for (const std::string system :
       {"", "urn:oid:2.16.578.1.12.4.1.4.4", "urn:oid:2.16.578.1.12.4.1.4.10", "fnr",
        "urn:oid:2.16.578.1.12.4.1.4.1 "}) {
    p.attestation->patients = {AttestedPatient{national_id(kPatientFnr, system), {}, {}}};
    EXPECT_THAT(decide(p, kPatientRead),
                HasFailureReason(FailureReason::patient_identifier_invalid))
        << system;
  }
  for (const std::string value :
       {"", "1234567890", "123456789012", "1234567890a", "12345 78901", "+2345678901"}) {
    p.attestation->patients = {AttestedPatient{national_id(value), {}, {}}};
    EXPECT_THAT(decide(p, kPatientRead),
                HasFailureReason(FailureReason::patient_identifier_invalid))
        << value;
  }
  // Every named patient counts, not only the first.
  p.attestation->patients = {AttestedPatient{national_id(kPatientFnr), {}, {}},
                             AttestedPatient{national_id(kPatientFnr, "urn:other"), {}, {}}};
  EXPECT_THAT(decide(p, kPatientRead), HasFailureReason(FailureReason::patient_identifier_invalid));
  // An entry naming only a care unit names no patient: the compartment checks handle it.
  p.attestation->patients = {AttestedPatient{std::nullopt, national_id("974589095"), {}}};
  EXPECT_THAT(decide(p, kPatientRead), IsOk());
}

// The log detail of the new refusals never holds the patient's or the user's identifier.
TEST(Policy, RefusalDetailsNameNoIdentifier) {
  PolicyConfig no_emergency = config();
  no_emergency.allow_emergency_access = false;
  Principal other_pid = user({"nhn:gw/read"});
  other_pid.attestation->practitioner.identifier = national_id("20086600138");
  Principal other_hpr = user({"nhn:gw/read"});
  other_hpr.attestation->practitioner.hpr_number->id = "9144900";
  Principal unknown_system = user({"nhn:gw/read"});
  unknown_system.attestation->patients.front().identifier->system = "urn:other";
  Principal short_fnr = user({"nhn:gw/read"});
  short_fnr.attestation->patients.front().identifier->id = "1234567890";
  Principal no_purpose_system = user({"nhn:gw/read"});
  no_purpose_system.attestation->care_relationship.purpose_of_use->system = "urn:other";
  const std::vector<Result<Permission>> refusals = {
      decide(other_pid, kPatientRead),
      decide(other_hpr, kPatientRead),
      decide(unknown_system, kPatientRead),
      decide(short_fnr, kPatientRead),
      decide(no_purpose_system, kPatientRead),
      decide(user({"nhn:gw/read"}, "BTG"), kPatientRead, no_emergency)};
  for (const auto& refused : refusals) {
    ASSERT_FALSE(refused.ok());
    const std::string& detail = refused.error().detail;
    EXPECT_FALSE(detail.empty());
    for (const char* identifier :
         {kPid, kHpr, kPatientFnr, "1234567890", "20086600138", "9144900"}) {
      EXPECT_EQ(detail.find(identifier), std::string::npos) << detail;
    }
    EXPECT_EQ(challenge_of(refused.error().reason), Challenge::insufficient_scope);
  }
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

PolicyConfig config_with_audit_scopes() {
  PolicyConfig c = config();
  c.scopes.audit = "nhn:gw/audit";
  c.scopes.citizen = "nhn:gw/citizen";
  c.scopes.audit_admin = "nhn:gw/audit-admin";
  return c;
}

const fhir::Route kAccessLog =
    route(Access::audit_log, "/fhir/AuditEvent", Interaction::search_type, "GET", "AuditEvent");
const fhir::Route kAuditErasure = route(Access::audit_admin, "/fhir/AuditEvent/{id}/$expunge",
                                        Interaction::operation, "POST", "AuditEvent");

TEST(Policy, TheAccessLogIsForSupervisorsAndForCitizensOwnRecords) {
  const PolicyConfig c = config_with_audit_scopes();
  auto supervisor = decide(user({"nhn:gw/audit"}), kAccessLog, c);
  ASSERT_THAT(supervisor, IsOk());
  EXPECT_FALSE(supervisor->citizen);
  auto citizen = decide(user({"nhn:gw/citizen"}), kAccessLog, c);
  ASSERT_THAT(citizen, IsOk());
  EXPECT_TRUE(citizen->citizen);
  // Patient-data scopes do not open it, machines never get it, nor a low security level.
  EXPECT_FALSE(decide(user({"nhn:gw/read", "nhn:gw/write"}), kAccessLog, c).ok());
  EXPECT_FALSE(decide(machine({"nhn:gw/audit"}), kAccessLog, c).ok());
  Principal low = user({"nhn:gw/citizen"});
  low.security_level = "3";
  EXPECT_FALSE(decide(low, kAccessLog, c).ok());
  // The citizen scope opens nothing else.
  EXPECT_FALSE(decide(user({"nhn:gw/citizen"}), kPatientRead, c).ok());
}

TEST(Policy, ErasingAuditRecordsNeedsTheAuditAdminScope) {
  const PolicyConfig c = config_with_audit_scopes();
  EXPECT_THAT(decide(user({"nhn:gw/audit-admin"}), kAuditErasure, c), IsOk());
  EXPECT_FALSE(decide(user({"nhn:gw/admin"}), kAuditErasure, c).ok());
  EXPECT_FALSE(decide(user({"nhn:gw/audit"}), kAuditErasure, c).ok());
  EXPECT_FALSE(decide(user({"nhn:gw/audit-admin"}), kAdminReload, c).ok());
}

}  // namespace
}  // namespace gateway::auth
