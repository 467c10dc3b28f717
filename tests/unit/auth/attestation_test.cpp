// Trust-framework attestation shapes: claim object, JSON string, authorization_details,
// and the naming drift of pitfall P15; the purpose-of-use and person-identifier systems.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/trust_framework.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

const json kPjdAttestation = json::parse(R"({
  "practitioner": {
    "authorization": {"code": "LE", "system": "urn:oid:2.16.578.1.12.4.1.1.9060"},
    "legal_entity":  {"id": "994598759", "system": "urn:oid:2.16.578.1.12.4.1.4.101"},
    "point_of_care": {"id": "994598759", "system": "urn:oid:2.16.578.1.12.4.1.4.101"},
    "department":    {"id": "12345", "system": "urn:oid:2.16.578.1.12.4.1.4.102"}
  },
  "care_relationship": {
    "healthcare_service":     {"code": "S03", "system": "urn:oid:2.16.578.1.12.4.1.1.8655"},
    "purpose_of_use":         {"code": "TREAT", "system": "urn:oid:2.16.840.1.113883.1.11.20448"},
    "purpose_of_use_details": {"code": "BEHANDLER", "system": "urn:AuditEventHL7Norway/CodeSystem/carerelation"},
    "decision_ref":           {"id": "30F4AB40-DBC2-41A7-8AC4-181AD3FDC25B", "user_selected": true}
  },
  "patients": [
    {"identifier": {"id": "05076600324", "system": "urn:oid:2.16.578.1.12.4.1.4.1"},
     "point_of_care": {"id": "974589095"}, "department": {"id": "109765"}}
  ],
  "unknown_member": {"ignored": true}
})");

void expect_pjd_fields(const Attestation& a) {
  ASSERT_TRUE(a.practitioner.authorization.has_value());
  EXPECT_EQ(a.practitioner.authorization->code, "LE");
  EXPECT_EQ(a.practitioner.legal_entity->id, "994598759");
  EXPECT_EQ(a.practitioner.department->system, "urn:oid:2.16.578.1.12.4.1.4.102");
  ASSERT_TRUE(a.care_relationship.purpose_of_use.has_value());
  EXPECT_EQ(a.care_relationship.purpose_of_use->code, "TREAT");
  EXPECT_EQ(a.care_relationship.healthcare_service->code, "S03");
  EXPECT_EQ(a.care_relationship.purpose_of_use_details->code, "BEHANDLER");
  ASSERT_TRUE(a.care_relationship.decision_ref.has_value());
  EXPECT_EQ(a.care_relationship.decision_ref->user_selected, true);
  ASSERT_EQ(a.patients.size(), 1u);
  EXPECT_EQ(a.patients[0].identifier->id, "05076600324");
  EXPECT_EQ(a.patients[0].department->id, "109765");
}

TEST(FindAttestation, ClaimAsObject) {
  const auto found = find_attestation({{"nhn:tillitsrammeverk:parameters", kPjdAttestation}});
  ASSERT_TRUE(found.attestation.has_value());
  EXPECT_TRUE(found.problem.empty());
  expect_pjd_fields(*found.attestation);
}

TEST(FindAttestation, ClaimAsJsonString) {
  const auto found =
      find_attestation({{"nhn:tillitsrammeverk:parameters", kPjdAttestation.dump()}});
  ASSERT_TRUE(found.attestation.has_value());
  expect_pjd_fields(*found.attestation);
}

TEST(FindAttestation, AuthorizationDetailsObjectArrayAndString) {
  json item = kPjdAttestation;
  item["type"] = "nhn:tillitsrammeverk:parameters";
  const json other = {{"type", "helseid_authorization"}, {"practitioner_role", json::object()}};
  for (const json& details :
       {json(item), json::array({other, item}), json(json::array({other, item}).dump())}) {
    const auto found = find_attestation({{"authorization_details", details}});
    ASSERT_TRUE(found.attestation.has_value()) << details.dump();
    expect_pjd_fields(*found.attestation);
  }
  EXPECT_FALSE(find_attestation({{"authorization_details", json::array({other})}}).attestation);
}

TEST(FindAttestation, AbsentIsNoProblem) {
  const auto found = find_attestation({{"scope", "x"}});
  EXPECT_FALSE(found.attestation.has_value());
  EXPECT_TRUE(found.problem.empty());
}

TEST(FindAttestation, UnparsableClaimIsAProblem) {
  for (const json& value : {json("{not json"), json(42), json("[1]")}) {
    const auto found = find_attestation({{"nhn:tillitsrammeverk:parameters", value}});
    EXPECT_FALSE(found.attestation.has_value());
    EXPECT_FALSE(found.problem.empty());
  }
}

TEST(ParseAttestation, ToleratesNamingDrift) {
  const json drifted = json::parse(R"({
    "practitioner": {"auhtorization": {"code": "SP"}, "hpr_nr": {"id": 9144900}},
    "care_relation": {"purpose_of_use": {"code": "COC"}},
    "patient": {"identifier": {"id": "20086600138"}}
  })");
  const auto a = parse_attestation(drifted);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->practitioner.authorization->code, "SP");
  EXPECT_EQ(a->practitioner.hpr_number->id, "9144900");
  EXPECT_EQ(a->care_relationship.purpose_of_use->code, "COC");
  ASSERT_EQ(a->patients.size(), 1u);
  EXPECT_EQ(a->patients[0].identifier->id, "20086600138");
}

TEST(ParseAttestation, EmptyPatientsAndMissingOptionalFields) {
  const auto a = parse_attestation(json::parse(R"({"patients":[{}],"practitioner":"oops"})"));
  ASSERT_TRUE(a.has_value());
  ASSERT_EQ(a->patients.size(), 1u);
  EXPECT_FALSE(a->patients[0].identifier.has_value());
  EXPECT_FALSE(a->practitioner.authorization.has_value());
  EXPECT_FALSE(a->care_relationship.purpose_of_use.has_value());
}

// The system is required (issue 12): HelseID's enriched attestation always carries it, and
// an empty one used to be accepted.
TEST(PurposeOfUse, AcceptsOnlyTheFourCodesInTheirSystem) {
  const std::string system(kPurposeOfUseSystem);
  for (const char* code : {"TREAT", "ETREAT", "COC", "BTG"}) {
    EXPECT_TRUE(is_accepted_purpose_of_use({code, "", system, ""})) << code;
    EXPECT_FALSE(is_accepted_purpose_of_use({code, "", "", ""})) << code;
  }
  EXPECT_FALSE(is_accepted_purpose_of_use({"treat", "", system, ""}));
  EXPECT_FALSE(is_accepted_purpose_of_use({"HRESCH", "", system, ""}));
  EXPECT_FALSE(is_accepted_purpose_of_use({"TREAT", "", "urn:other", ""}));
}

TEST(NationalPersonSystem, FodselsnummerDNummerAndHNummerOnly) {
  EXPECT_TRUE(is_national_person_system("urn:oid:2.16.578.1.12.4.1.4.1"));
  EXPECT_TRUE(is_national_person_system("urn:oid:2.16.578.1.12.4.1.4.2"));
  EXPECT_TRUE(is_national_person_system("urn:oid:2.16.578.1.12.4.1.4.3"));
  EXPECT_FALSE(is_national_person_system(""));
  EXPECT_FALSE(is_national_person_system("urn:oid:2.16.578.1.12.4.1.4.4"));  // HPR number
  EXPECT_FALSE(is_national_person_system("urn:oid:2.16.578.1.12.4.1.4.5"));  // DUF number
  EXPECT_FALSE(is_national_person_system("2.16.578.1.12.4.1.4.1"));
}

}  // namespace
}  // namespace gateway::auth
