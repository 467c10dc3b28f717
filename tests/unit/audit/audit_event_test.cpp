// The AuditEvent of a request: agents from the token and the attestation, purpose of use,
// the patient, the resources and query the handler touched, outcome and failure text.
#include "audit/audit_event.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/principal.hpp"
#include "fhir/operation_outcome.hpp"
#include "fhir/router.hpp"

namespace gateway::audit {
namespace {

using fhir::Json;

// A practitioner with an attestation for one patient, as HelseID and the trust framework
// give them.
std::shared_ptr<const auth::Principal> practitioner(const std::string& purpose = "TREAT") {
  auto p = std::make_shared<auth::Principal>();
  p->client_id = "client-1";
  p->client_name = "Test EPJ";
  p->orgnr_parent = "999977774";
  p->orgnr_child = "999977776";
  p->pid = "05898597468";
  p->hpr_number = "565501872";
  p->security_level = "4";
  p->token_id = "jti-1";
  auth::Attestation a;
  a.practitioner.identifier = auth::AttestedIdentifier{"05898597468", "Kari Lege", kFnrSystem, ""};
  a.practitioner.authorization =
      auth::AttestedCode{"LE", "Lege", "urn:oid:2.16.578.1.12.4.1.1.9060", ""};
  a.practitioner.legal_entity = auth::AttestedIdentifier{"999977774", "Testsykehuset HF", "", ""};
  a.practitioner.point_of_care = auth::AttestedIdentifier{"999977776", "Akuttmottaket", "", ""};
  a.care_relationship.purpose_of_use =
      auth::AttestedCode{purpose, "", "urn:oid:2.16.840.1.113883.1.11.20448", ""};
  a.care_relationship.decision_ref = auth::DecisionRef{"decision-7", true, ""};
  auth::AttestedPatient patient;
  patient.identifier = auth::AttestedIdentifier{"13116900216", "", kFnrSystem, ""};
  a.patients.push_back(patient);
  p->attestation = a;
  return p;
}

fhir::Route route_of(fhir::Interaction interaction) {
  fhir::Route r;
  r.method = "GET";
  r.pattern = "/fhir/Condition";
  r.access = fhir::Access::patient_data;
  r.interaction = interaction;
  r.resource_type = "Condition";
  return r;
}

// The entities of `event` with object role `role`.
std::vector<Json> entities_with_role(const Json& event, const std::string& role) {
  std::vector<Json> out;
  for (const Json& entity : event.at("entity")) {
    if (entity.contains("role") && entity["role"]["code"] == role) out.push_back(entity);
  }
  return out;
}

TEST(AuditEvent, ASearchNamesUserClientPatientPurposeQueryAndResults) {
  const fhir::Route route = route_of(fhir::Interaction::search_type);
  fhir::RequestContext context;
  context.request_id = "req-1";
  context.route = &route;
  context.principal = practitioner();
  context.compartments = fhir::RequestContext::CompartmentScope{
      false, {"identifier:urn:oid:2.16.578.1.12.4.1.4.1|13116900216", "Patient/p1"}};
  fhir::Response response = fhir::make_response(200, "{}");
  response.audit.resources = {"Condition/c1", "Condition/c2"};
  response.audit.query = "code=123&_count=10";

  const Json event = audit_event(context, response, 1'764'645'296'123);
  EXPECT_EQ(event["resourceType"], "AuditEvent");
  EXPECT_EQ(event["type"]["code"], "rest");
  EXPECT_EQ(event["subtype"][0]["code"], "search-type");
  EXPECT_EQ(event["action"], "E");
  EXPECT_EQ(event["recorded"], "2025-12-02T03:14:56.123Z");
  EXPECT_EQ(event["outcome"], "0");
  EXPECT_FALSE(event.contains("outcomeDesc"));
  EXPECT_EQ(event["purposeOfEvent"][0]["coding"][0]["code"], "TREAT");

  const Json& user = event["agent"][0];
  EXPECT_EQ(user["who"]["identifier"]["system"], kHprSystem);
  EXPECT_EQ(user["who"]["identifier"]["value"], "565501872");
  EXPECT_EQ(user["who"]["display"], "Kari Lege");
  EXPECT_EQ(user["role"][0]["coding"][0]["code"], "LE");
  EXPECT_EQ(user["requestor"], true);
  EXPECT_EQ(user["policy"][0], "decision-7");
  const Json& client = event["agent"][1];
  EXPECT_EQ(client["who"]["identifier"]["value"], "999977774");
  EXPECT_EQ(client["who"]["display"], "Testsykehuset HF");
  EXPECT_EQ(client["altId"], "client-1");
  EXPECT_EQ(client["name"], "Test EPJ");
  EXPECT_EQ(event["agent"][2]["who"]["identifier"]["value"], "999977776");
  EXPECT_EQ(event["agent"][2]["who"]["display"], "Akuttmottaket");

  const auto patients = entities_with_role(event, "1");
  ASSERT_EQ(patients.size(), 2u);
  EXPECT_EQ(patients[0]["what"]["identifier"]["value"], "13116900216");
  EXPECT_EQ(patients[0]["what"]["type"], "Patient");
  EXPECT_EQ(patients[1]["what"]["reference"], "Patient/p1");
  const auto touched = entities_with_role(event, "4");
  ASSERT_EQ(touched.size(), 2u);
  EXPECT_EQ(touched[1]["what"]["reference"], "Condition/c2");
  const auto query = entities_with_role(event, "24");
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(query[0]["query"], "Y29kZT0xMjMmX2NvdW50PTEw");  // base64 of the query
  const auto request = entities_with_role(event, "20");
  ASSERT_EQ(request.size(), 1u);
  EXPECT_EQ(request[0]["what"]["identifier"]["value"], "req-1");
  EXPECT_EQ(request[0]["detail"][0]["valueString"], "jti-1");
}

TEST(AuditEvent, ARefusalCarriesTheStatusAndTheDiagnostic) {
  const fhir::Route route = route_of(fhir::Interaction::read);
  fhir::RequestContext context;
  context.route = &route;
  context.principal = practitioner();
  const fhir::Response refused = fhir::error_response(
      fhir::make_error(fhir::ErrorKind::forbidden, "The patient has reserved against sharing"));
  const Json event = audit_event(context, refused, 0);
  EXPECT_EQ(event["action"], "R");
  EXPECT_EQ(event["outcome"], "4");
  EXPECT_EQ(event["outcomeDesc"], "HTTP 403: The patient has reserved against sharing");
  // Refused before the scope was decided: the attested patient is still named.
  const auto patients = entities_with_role(event, "1");
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0]["what"]["identifier"]["value"], "13116900216");

  const Json failed = audit_event(context, fhir::make_response(503, "not json"), 0);
  EXPECT_EQ(failed["outcome"], "8");
  EXPECT_EQ(failed["outcomeDesc"], "HTTP 503");
}

TEST(AuditEvent, AnUnauthenticatedAttemptIsRecordedWithoutAUser) {
  const fhir::Route route = route_of(fhir::Interaction::read);
  fhir::RequestContext context;
  context.route = &route;
  const Json event = audit_event(context, fhir::make_response(401, "{}"), 0);
  ASSERT_EQ(event["agent"].size(), 1u);
  EXPECT_EQ(event["agent"][0]["who"]["display"], "unauthenticated caller");
  EXPECT_TRUE(entities_with_role(event, "1").empty());
}

TEST(AuditEvent, PatientsOfErasedResourcesComeFromTheirCompartmentKeys) {
  const fhir::Route route = route_of(fhir::Interaction::operation);
  fhir::RequestContext context;
  context.route = &route;
  fhir::Response response = fhir::make_response(200, "{}");
  response.audit.patients = {"Patient/p9", "identifier:urn:a\\|b|123", "other"};
  const auto patients = entities_with_role(audit_event(context, response, 0), "1");
  ASSERT_EQ(patients.size(), 2u);
  EXPECT_EQ(patients[0]["what"]["reference"], "Patient/p9");
  EXPECT_EQ(patients[1]["what"]["identifier"]["system"], "urn:a|b");
  EXPECT_EQ(patients[1]["what"]["identifier"]["value"], "123");
}

TEST(AuditEvent, PersonNumbersAreFodselsnummerOrDNummer) {
  EXPECT_STREQ(person_number_system("05898597468"), kFnrSystem);
  EXPECT_STREQ(person_number_system("45898597468"), kDnrSystem);
  EXPECT_STREQ(person_number_system("75898597468"), kDnrSystem);
}

}  // namespace
}  // namespace gateway::audit
