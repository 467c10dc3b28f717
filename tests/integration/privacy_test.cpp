// The privacy registry and confidentiality through the running gateway: a privacy
// officer records Consents under their own scope; a reservation empties searches of
// documents and critical information and refuses reads, with a header that says so; blocks
// of named documents, health personnel and organisations deny only what they name; labelled
// resources are withheld from practitioners whose authorisation does not allow them and
// counted in a header and the audit record; practitioners cannot reach the registry. Runs
// on SQLite and, in integration_postgres_tests, on PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

#include "application_with_issuer.hpp"
#include "audit_trail_check.hpp"
#include "auth/test_issuer.hpp"
#include "records_client.hpp"
#include "running_server.hpp"
#ifdef RECORDS_ON_POSTGRES
#include "postgres/test_database.hpp"
#endif

namespace gateway::testing {
namespace {

using nlohmann::json;

constexpr const char* kFnr = "13116900216";
constexpr const char* kHpr = "565501872";  // the test issuer's practitioner
constexpr const char* kHprSystem = "urn:oid:2.16.578.1.12.4.1.4.4";
constexpr const char* kOrgnrSystem = "urn:oid:2.16.578.1.12.4.1.4.101";
constexpr const char* kConfidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

// An active privacy Consent of the patient with `provision`.
json privacy_consent(const std::string& patient_reference, json provision) {
  return {
      {"resourceType", "Consent"},
      {"status", "active"},
      {"scope",
       {{"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/consentscope"},
           {"code", "patient-privacy"}}}}}},
      {"category", {{{"coding", {{{"system", "http://loinc.org"}, {"code", "59284-0"}}}}}}},
      {"patient", {{"reference", patient_reference}}},
      {"dateTime", "2026-01-05T10:00:00Z"},
      {"policyRule",
       {{"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "OPTOUT"}}}}}},
      {"provision", std::move(provision)}};
}

json deny_actor(const char* system, const std::string& value) {
  return {{"type", "deny"},
          {"actor",
           {{{"role",
              {{"coding",
                {{{"system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"},
                  {"code", "IRCP"}}}}}},
             {"reference", {{"identifier", {{"system", system}, {"value", value}}}}}}}}};
}

json document_for(const std::string& patient_reference, const std::string& title) {
  return {{"resourceType", "DocumentReference"},
          {"status", "current"},
          {"subject", {{"reference", patient_reference}}},
          {"description", title},
          {"content",
           {{{"attachment",
              {{"contentType", "text/plain"},
               {"url", "https://documents.example.no/" + title},
               {"title", title}}}}}}};
}

json labelled(json resource, const char* system, const char* code) {
  resource["meta"]["security"] = {{{"system", system}, {"code", code}}};
  return resource;
}

std::string header(const std::optional<HttpResponse>& response, const char* name) {
  if (!response) return {};
  const auto found = response->find(name);
  return found == response->end() ? std::string() : std::string(found->value());
}

class PrivacyTest : public FreshApplicationWithIssuer {
 protected:
  void SetUp() override {
#ifdef RECORDS_ON_POSTGRES
    schema_ = std::make_unique<ScratchSchema>(fixture_postgres_url());
    start({{ "store", schema_->url() }});
#else
    start();
#endif
    if (HasFatalFailure()) return;
    // The patient, a critical condition and two documents, written by the test doctor.
    const RecordsClient writer = doctor();
    patient_ = "Patient/" + created(writer, "/fhir/Patient", patient_with_fnr(kFnr));
    condition_ = created(writer, "/fhir/Condition", condition_for(patient_, "38341003"));
    first_document_ =
        created(writer, "/fhir/DocumentReference", document_for(patient_, "discharge-summary"));
    second_document_ =
        created(writer, "/fhir/DocumentReference", document_for(patient_, "lab-result"));
  }
  // A practitioner with a care relationship to the patient; `change` adjusts the token.
  RecordsClient doctor(const std::function<void(auth::TestTokenRequest&)>& change = {},
                       CallLog* log = nullptr) {
    auth::TestTokenRequest request;
    request.scopes = {audience() + "/read", audience() + "/write"};
    request.patient = kFnr;
    if (change) change(request);
    return RecordsClient(*issuer_, server_->port(), request, log);
  }
  RecordsClient privacy_officer() const {
    auth::TestTokenRequest request;
    request.scopes = {audience() + "/privacy"};
    return RecordsClient(*issuer_, server_->port(), request);
  }
  RecordsClient supervisor() const {
    return RecordsClient(*issuer_, server_->port(), "", {audience() + "/audit"});
  }
  std::string created(const RecordsClient& client, const std::string& target, const json& body) {
    auto response = client.call("POST", target, body.dump());
    EXPECT_TRUE(response);
    if (!response) return {};
    EXPECT_EQ(response->result_int(), 201) << target << ": " << response->body();
    return RecordsClient::json_of(response).value("id", "");
  }
  std::string record_consent(const json& provision) {
    return created(privacy_officer(), "/fhir/Consent", privacy_consent(patient_, provision));
  }
  // The ids a search returned, with its response for the headers.
  std::set<std::string> ids_of(const std::optional<HttpResponse>& response) {
    std::set<std::string> ids;
    EXPECT_TRUE(response);
    if (!response) return ids;
    EXPECT_EQ(response->result_int(), 200) << response->body();
    for (const auto& entry : RecordsClient::json_of(response).value("entry", json::array())) {
      if (entry.value("search", json::object()).value("mode", "") == "match") {
        ids.insert(entry["resource"].value("id", ""));
      }
    }
    return ids;
  }
  int status_of(const RecordsClient& client, const std::string& target) {
    auto response = client.call("GET", target);
    return response ? static_cast<int>(response->result_int()) : 0;
  }

  void TearDown() override {
    server_.reset();  // before its schema goes
    schema_.reset();
  }

#ifdef RECORDS_ON_POSTGRES
  std::unique_ptr<ScratchSchema> schema_;
#else
  std::unique_ptr<int> schema_;  // nothing to set up on SQLite
#endif
  std::string patient_;
  std::string condition_;
  std::string first_document_;
  std::string second_document_;
};

TEST_F(PrivacyTest, WithoutAConsentEverythingIsShownAndNoRestrictionIsClaimed) {
  const RecordsClient me = doctor();
  auto documents = me.call("GET", "/fhir/DocumentReference?patient=" + patient_);
  EXPECT_EQ(ids_of(documents), (std::set<std::string>{first_document_, second_document_}));
  EXPECT_EQ(header(documents, "nhn-privacy-restriction"), "");
  EXPECT_EQ(header(documents, "nhn-securitylabel-nors-count"), "");
  EXPECT_EQ(status_of(me, "/fhir/Condition/" + condition_), 200);
}

TEST_F(PrivacyTest, AReservationWithholdsDocumentsAndCriticalInformationFromEveryone) {
  const std::string consent = record_consent({{"type", "deny"}});
  for (const auto& caller : {doctor(), doctor([](auto& r) {
                               r.hpr_number = "123456789";
                               r.orgnr_parent = "911111111";
                               r.orgnr_child = "911111112";
                             })}) {
    auto documents = caller.call("GET", "/fhir/DocumentReference?patient=" + patient_);
    EXPECT_THAT(ids_of(documents), ::testing::IsEmpty());
    EXPECT_EQ(header(documents, "nhn-privacy-restriction"), "reservation");
    auto conditions = caller.call("GET", "/fhir/Condition?patient=" + patient_);
    EXPECT_THAT(ids_of(conditions), ::testing::IsEmpty());
    EXPECT_EQ(status_of(caller, "/fhir/Condition/" + condition_), 403);
    EXPECT_EQ(status_of(caller, "/fhir/DocumentReference/" + first_document_ + "/_history"), 200);
    EXPECT_THAT(
        ids_of(caller.call("GET", "/fhir/DocumentReference/" + first_document_ + "/_history")),
        ::testing::IsEmpty());
    // The patient's demographics are not what the reservation is about.
    EXPECT_EQ(status_of(caller, "/fhir/" + patient_), 200);
  }
  // Reading it through a batch Bundle is refused as well.
  const json batch = {
      {"resourceType", "Bundle"},
      {"type", "batch"},
      {"entry", {{{"request", {{"method", "GET"}, {"url", "Condition/" + condition_}}}}}}};
  auto answer = doctor().call("POST", "/fhir", batch.dump());
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->result_int(), 200) << answer->body();
  EXPECT_EQ(RecordsClient::json_of(answer)["entry"][0]["response"].value("status", ""),
            "403 Forbidden");
  // Withdrawn, the reservation no longer applies.
  auto withdrawn = privacy_consent(patient_, {{"type", "deny"}});
  withdrawn["id"] = consent;
  withdrawn["status"] = "inactive";
  auto put = privacy_officer().call("PUT", "/fhir/Consent/" + consent, withdrawn.dump(),
                                    {{"If-Match", "W/\"1\""}});
  ASSERT_EQ(put->result_int(), 200) << put->body();
  auto documents = doctor().call("GET", "/fhir/DocumentReference?patient=" + patient_);
  EXPECT_EQ(ids_of(documents).size(), 2u);
  EXPECT_EQ(header(documents, "nhn-privacy-restriction"), "");
}

TEST_F(PrivacyTest, ABlockedDocumentIsWithheldAndTheOthersAreShown) {
  json provision = {{"type", "deny"},
                    {"data",
                     {{{"meaning", "instance"},
                       {"reference", {{"reference", "DocumentReference/" + first_document_}}}}}}};
  record_consent(provision);
  const RecordsClient me = doctor();
  auto documents = me.call("GET", "/fhir/DocumentReference?patient=" + patient_);
  EXPECT_EQ(ids_of(documents), (std::set<std::string>{second_document_}));
  EXPECT_EQ(header(documents, "nhn-securitylabel-nors-count"), "1");
  EXPECT_EQ(header(documents, "nhn-privacy-restriction"), "");
  EXPECT_EQ(status_of(me, "/fhir/DocumentReference/" + first_document_), 403);
  EXPECT_EQ(status_of(me, "/fhir/DocumentReference/" + second_document_), 200);
  EXPECT_EQ(status_of(me, "/fhir/Condition/" + condition_), 200);
}

TEST_F(PrivacyTest, ABlockedPractitionerIsDeniedAndColleaguesAreNot) {
  record_consent(deny_actor(kHprSystem, kHpr));
  auto mine = doctor().call("GET", "/fhir/Condition?patient=" + patient_);
  EXPECT_THAT(ids_of(mine), ::testing::IsEmpty());
  EXPECT_EQ(header(mine, "nhn-privacy-restriction"), "block");
  EXPECT_EQ(status_of(doctor(), "/fhir/DocumentReference/" + first_document_), 403);
  const RecordsClient colleague = doctor([](auto& r) { r.hpr_number = "123456789"; });
  auto theirs = colleague.call("GET", "/fhir/Condition?patient=" + patient_);
  EXPECT_EQ(ids_of(theirs), (std::set<std::string>{condition_}));
  EXPECT_EQ(header(theirs, "nhn-privacy-restriction"), "");
  EXPECT_EQ(status_of(colleague, "/fhir/DocumentReference/" + first_document_), 200);
}

TEST_F(PrivacyTest, ABlockedOrganisationIsDeniedAndOthersAreNot) {
  record_consent(deny_actor(kOrgnrSystem, "999977776"));  // the test EPJ's point of care
  auto mine = doctor().call("GET", "/fhir/DocumentReference?patient=" + patient_);
  EXPECT_THAT(ids_of(mine), ::testing::IsEmpty());
  EXPECT_EQ(header(mine, "nhn-privacy-restriction"), "block");
  const RecordsClient elsewhere = doctor([](auto& r) {
    r.orgnr_parent = "911111111";
    r.orgnr_child = "911111112";
  });
  auto theirs = elsewhere.call("GET", "/fhir/DocumentReference?patient=" + patient_);
  EXPECT_EQ(ids_of(theirs).size(), 2u);
}

TEST_F(PrivacyTest, RestrictedResourcesNeedAnAuthorisationThatAllowsThem) {
  const RecordsClient writer = doctor();
  const std::string restricted =
      created(writer, "/fhir/Condition",
              labelled(condition_for(patient_, "10509002"), kConfidentiality, "R"));
  const std::string very_restricted =
      created(writer, "/fhir/Condition",
              labelled(condition_for(patient_, "22298006"), kConfidentiality, "V"));
  const std::string nors = created(writer, "/fhir/DocumentReference",
                                   labelled(document_for(patient_, "psychiatry-note"),
                                            "urn:oid:2.16.578.1.12.4.1.1.9603", "NORS"));
  // A physician (LE) sees R but never V or NORS.
  auto physician = doctor().call("GET", "/fhir/Condition?patient=" + patient_);
  EXPECT_EQ(ids_of(physician), (std::set<std::string>{condition_, restricted}));
  EXPECT_EQ(header(physician, "nhn-securitylabel-nors-count"), "1");
  EXPECT_EQ(status_of(doctor(), "/fhir/Condition/" + restricted), 200);
  EXPECT_EQ(status_of(doctor(), "/fhir/Condition/" + very_restricted), 403);
  auto documents = doctor().call("GET", "/fhir/DocumentReference?patient=" + patient_);
  EXPECT_EQ(ids_of(documents).size(), 2u);
  EXPECT_EQ(header(documents, "nhn-securitylabel-nors-count"), "1");
  EXPECT_EQ(status_of(doctor(), "/fhir/DocumentReference/" + nors), 403);
  // A nurse (SP) sees neither R nor V.
  const RecordsClient nurse = doctor([](auto& r) { r.authorization = "SP"; });
  auto theirs = nurse.call("GET", "/fhir/Condition?patient=" + patient_);
  EXPECT_EQ(ids_of(theirs), (std::set<std::string>{condition_}));
  EXPECT_EQ(header(theirs, "nhn-securitylabel-nors-count"), "2");
  EXPECT_EQ(status_of(nurse, "/fhir/Condition/" + restricted), 403);
  EXPECT_EQ(status_of(nurse, "/fhir/Condition/" + condition_), 200);
  // _security cannot be used to uncover them.
  auto probe = nurse.call(
      "GET", "/fhir/Condition?patient=" + patient_ + "&_security=" + kConfidentiality + "|R");
  EXPECT_THAT(ids_of(probe), ::testing::IsEmpty());
}

TEST_F(PrivacyTest, ChainsAndHasIntoProtectedTypesCannotProbeForWithheldResources) {
  record_consent({{"type", "deny"}});
  const RecordsClient me = doctor();
  // Under the reservation, this would tell whether the patient has the condition.
  auto has = me.call("GET", "/fhir/Patient?_has:Condition:subject:code=38341003");
  ASSERT_TRUE(has);
  EXPECT_EQ(has->result_int(), 403) << has->body();
  auto chained = me.call("GET", "/fhir/DeviceUseStatement?device.type=14106009");
  ASSERT_TRUE(chained);
  EXPECT_EQ(chained->result_int(), 403) << chained->body();
  // Chains to the Patient still work (and find nothing under the reservation).
  auto chain =
      me.call("GET", "/fhir/Condition?subject.identifier=" + std::string(kFnrSystem) + "|" + kFnr);
  ASSERT_TRUE(chain);
  EXPECT_EQ(chain->result_int(), 200) << chain->body();
  EXPECT_EQ(header(chain, "nhn-privacy-restriction"), "reservation");
  // The Patient itself is still found by its identifier.
  EXPECT_EQ(
      ids_of(me.call("GET", "/fhir/Patient?identifier=" + std::string(kFnrSystem) + "|" + kFnr)),
      (std::set<std::string>{patient_.substr(8)}));
}

TEST_F(PrivacyTest, PractitionersCannotReachThePrivacyRegistry) {
  const std::string consent = record_consent({{"type", "deny"}});
  const RecordsClient me = doctor();
  EXPECT_EQ(status_of(me, "/fhir/Consent"), 403);
  EXPECT_EQ(status_of(me, "/fhir/Consent/" + consent), 403);
  auto write =
      me.call("POST", "/fhir/Consent", privacy_consent(patient_, {{"type", "permit"}}).dump());
  EXPECT_EQ(write->result_int(), 403);
  const json bundle = {{"resourceType", "Bundle"},
                       {"type", "transaction"},
                       {"entry",
                        {{{"resource", privacy_consent(patient_, {{"type", "permit"}})},
                          {"request", {{"method", "POST"}, {"url", "Consent"}}}}}}};
  auto through_bundle = me.call("POST", "/fhir", bundle.dump());
  ASSERT_TRUE(through_bundle);
  EXPECT_EQ(through_bundle->result_int(), 403) << through_bundle->body();
  // The privacy officer reads the registry; it still holds the one Consent.
  auto registry = privacy_officer().call("GET", "/fhir/Consent?patient=" + patient_);
  EXPECT_EQ(ids_of(registry), (std::set<std::string>{consent}));
  // A privacy officer's token is not a key to patient data.
  EXPECT_EQ(status_of(privacy_officer(), "/fhir/Condition/" + condition_), 403);
}

TEST_F(PrivacyTest, APrivacyConsentTheGatewayCouldNotApplyIsRefused) {
  const RecordsClient officer = privacy_officer();
  auto expect_refused = [&](const json& consent, const std::string& rule) {
    auto response = officer.call("POST", "/fhir/Consent", consent.dump());
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 422) << response->body();
    EXPECT_NE(response->body().find(rule), std::string::npos) << response->body();
  };
  auto no_rule = privacy_consent(patient_, {{"type", "deny"}});
  no_rule.erase("provision");
  expect_refused(no_rule, "gw-con-1");
  auto no_patient = privacy_consent(patient_, {{"type", "deny"}});
  no_patient.erase("patient");
  expect_refused(no_patient, "gw-con-1");
  expect_refused(privacy_consent(patient_, deny_actor("urn:oid:1.2.3", kHpr)), "gw-con-2");
  json nested_actor = {{"type", "permit"}, {"provision", {deny_actor("urn:oid:1.2.3", kHpr)}}};
  expect_refused(privacy_consent(patient_, nested_actor), "gw-con-2");
  json by_identifier = {
      {"type", "deny"},
      {"data", {{{"meaning", "instance"}, {"reference", {{"identifier", {{"value", "doc-1"}}}}}}}}};
  expect_refused(privacy_consent(patient_, by_identifier), "gw-con-3");
  // A Consent of another scope is stored as it comes; nothing was stored of the others.
  auto treatment = no_rule;
  treatment["scope"]["coding"][0]["code"] = "treatment";
  EXPECT_FALSE(created(officer, "/fhir/Consent", treatment).empty());
  EXPECT_EQ(ids_of(officer.call("GET", "/fhir/Consent?patient=" + patient_)).size(), 1u);
}

TEST_F(PrivacyTest, TheAuditRecordNamesTheRestrictionAndTheWithheldCount) {
  record_consent(deny_actor(kHprSystem, kHpr));
  CallLog log;
  const RecordsClient me = doctor({}, &log);
  ASSERT_EQ(me.call("GET", "/fhir/Condition?patient=" + patient_)->result_int(), 200);
  created(doctor([](auto& r) { r.hpr_number = "123456789"; }), "/fhir/Condition",
          labelled(condition_for(patient_, "10509002"), kConfidentiality, "R"));
  CallLog nurse_log("nurse-call-");
  const RecordsClient logged_nurse = doctor(
      [](auto& r) {
        r.authorization = "SP";
        r.hpr_number = "123456789";
      },
      &nurse_log);
  ASSERT_EQ(logged_nurse.call("GET", "/fhir/Condition?patient=" + patient_)->result_int(), 200);
  expect_every_call_audited(log, supervisor(), kHpr);
  expect_every_call_audited(nurse_log, supervisor(), "123456789");
  const auto events = audit_events_by_request(supervisor());
  auto details_of = [&](const std::string& request_id) {
    std::map<std::string, std::string> details;
    const auto found = events.find(request_id);
    if (found == events.end()) return details;
    for (const auto& entity : found->second.front()["entity"]) {
      for (const auto& detail : entity.value("detail", json::array())) {
        details[detail.value("type", "")] = detail.value("valueString", "");
      }
    }
    return details;
  };
  const auto blocked = details_of(log.calls().at(0).request_id);
  EXPECT_EQ(blocked.count("privacy-restriction") ? blocked.at("privacy-restriction") : "", "block");
  const auto labelled_out = details_of(nurse_log.calls().at(0).request_id);
  EXPECT_EQ(labelled_out.count("withheld-count") ? labelled_out.at("withheld-count") : "", "1");
  EXPECT_EQ(labelled_out.count("privacy-restriction"), 0u);
}

}  // namespace
}  // namespace gateway::testing
