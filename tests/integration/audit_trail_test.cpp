// The audit trail through the running gateway on SQLite: supervisors search the access log
// under their own scope, citizens see the records about themselves without internal fields,
// nobody writes audit records through the API, erasing one needs the audit-admin scope and
// is itself audited, emergency access is flagged and counted, and when the audit record
// cannot be written no patient data leaves (fail closed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "application_with_issuer.hpp"
#include "audit_trail_check.hpp"
#include "auth/test_issuer.hpp"
#include "records_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

class AuditTrailTest : public FreshApplicationWithIssuer {
 protected:
  RecordsClient practitioner(const std::string& fnr, const std::string& purpose = "TREAT") {
    auth::TestTokenRequest request;
    request.scopes = {audience() + "/read", audience() + "/write"};
    request.patient = fnr;
    request.purpose_of_use = purpose;
    return RecordsClient(*issuer_, port(), request, &log_);
  }
  RecordsClient supervisor() const {
    return RecordsClient(*issuer_, port(), "", {audience() + "/audit"});
  }
  // The patient's own token: a person logged in with the citizen scope, no attestation.
  RecordsClient citizen(const std::string& fnr) const {
    auth::TestTokenRequest request;
    request.scopes = {audience() + "/citizen"};
    request.pid = fnr;
    request.hpr_number.clear();
    request.purpose_of_use.clear();
    return RecordsClient(*issuer_, port(), request);
  }
  std::string create_condition(const RecordsClient& client, const std::string& fnr) {
    auto patient = client.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump());
    EXPECT_EQ(patient->result_int(), 201) << patient->body();
    const std::string pid = RecordsClient::json_of(patient).value("id", "");
    auto condition =
        client.call("POST", "/fhir/Condition", condition_for("Patient/" + pid, "38341003").dump());
    EXPECT_EQ(condition->result_int(), 201) << condition->body();
    return RecordsClient::json_of(condition).value("id", "");
  }
  // Runs `sql` on a connection of its own to the gateway's database.
  void raw_sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((server_->data_dir().str() + "/data/gateway.db").c_str(), &db),
              SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }
  json entries(const std::optional<HttpResponse>& response) {
    EXPECT_TRUE(response);
    if (!response) return json::array();
    EXPECT_EQ(response->result_int(), 200) << response->body();
    return RecordsClient::json_of(response).value("entry", json::array());
  }

  // The entries of a search repeated until it has `size` of them (records of refusals are
  // written without being waited for) or five seconds passed.
  json entries_eventually(const RecordsClient& client, const std::string& target,
                          std::size_t size) {
    json found = json::array();
    for (int i = 0; i < 50 && found.size() != size; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      found = entries(client.call("GET", target));
    }
    return found;
  }

  CallLog log_;
};

TEST_F(AuditTrailTest, SupervisorsSearchTheAccessLogUnderTheirOwnScope) {
  const std::string fnr = "13116900216";
  const RecordsClient doctor = practitioner(fnr);
  const std::string condition = create_condition(doctor, fnr);
  ASSERT_EQ(doctor.call("GET", "/fhir/Condition/" + condition)->result_int(), 200);
  ASSERT_EQ(doctor.call("GET", "/fhir/Condition?code=38341003")->result_int(), 200);
  // Without the audit scope the access log is closed, even to the practitioner.
  EXPECT_EQ(doctor.call("GET", "/fhir/AuditEvent")->result_int(), 403);
  expect_every_call_audited(log_, supervisor(), "565501872");
  const RecordsClient boss = supervisor();
  const std::string by_patient =
      "/fhir/AuditEvent?patient:identifier=urn:oid:2.16.578.1.12.4.1.4.1|" + fnr;
  const json all = entries(boss.call("GET", by_patient + "&_sort=-date"));
  ASSERT_GE(all.size(), 4u);  // two creates, a read and a search (and the refusal)
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_GE(all[i - 1]["resource"]["recorded"].get<std::string>(),
              all[i]["resource"]["recorded"].get<std::string>());
  }
  const json reads =
      entries(boss.call("GET", by_patient + "&subtype=read&entity=Condition/" + condition));
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]["resource"]["action"], "R");
  EXPECT_EQ(entries(boss.call("GET", "/fhir/AuditEvent?entity-identifier=" + fnr +
                                         "&agent:identifier=urn:oid:2.16.578.1.12.4.1.4.4|"
                                         "565501872&purpose=TREAT&outcome=0&date=ge2020-01-01"))
                .size(),
            4u);
  EXPECT_EQ(entries(boss.call("GET", by_patient + "&outcome=4")).size(), 1u);  // the 403
  EXPECT_TRUE(entries(boss.call("GET", by_patient + "&purpose=BTG")).empty());
}

TEST_F(AuditTrailTest, CitizensSeeWhoLookedAtThemAndNothingElse) {
  const std::string fnr = "13116900216";
  const std::string other = "01017012345";
  const RecordsClient doctor = practitioner(fnr);
  create_condition(doctor, fnr);
  create_condition(practitioner(other), other);
  expect_every_call_audited(log_, supervisor(), "565501872");

  const json mine = entries(citizen(fnr).call("GET", "/fhir/AuditEvent"));
  ASSERT_EQ(mine.size(), 2u);  // their Patient and their Condition, not the other patient's
  for (const json& entry : mine) {
    const json& event = entry["resource"];
    const std::string text = event.dump();
    EXPECT_EQ(text.find(other), std::string::npos);
    EXPECT_EQ(text.find("local-test-client"), std::string::npos) << "client id is internal";
    EXPECT_EQ(text.find("test-call-"), std::string::npos) << "request id is internal";
    EXPECT_FALSE(event.contains("source"));
    EXPECT_EQ(event["agent"][0]["who"]["identifier"]["value"], "565501872");
    EXPECT_EQ(event["agent"][1]["who"]["identifier"]["value"], "999977774");
  }
  // A read by id of one of their records: the same view; someone else's: not found.
  const std::string id = mine[0]["resource"]["id"];
  const auto read = citizen(fnr).call("GET", "/fhir/AuditEvent/" + id);
  ASSERT_EQ(read->result_int(), 200);
  EXPECT_FALSE(RecordsClient::json_of(read)["agent"][1].contains("altId"));
  EXPECT_EQ(citizen(other).call("GET", "/fhir/AuditEvent/" + id)->result_int(), 404);
  // The citizen scope opens the access log only, not the records.
  EXPECT_EQ(citizen(fnr).call("GET", "/fhir/Condition")->result_int(), 403);
}

TEST_F(AuditTrailTest, AuditRecordsCannotBeWrittenAndOnlyTheAuditAdminErasesThem) {
  const std::string fnr = "13116900216";
  create_condition(practitioner(fnr), fnr);
  const RecordsClient boss = supervisor();
  const json events = entries(boss.call("GET", "/fhir/AuditEvent?_count=1"));
  ASSERT_EQ(events.size(), 1u);
  const std::string id = events[0]["resource"]["id"];
  const json forged = {{"resourceType", "AuditEvent"}, {"id", id}};
  const RecordsClient writer(*issuer_, port(), fnr, {audience() + "/audit"});
  EXPECT_EQ(writer.call("POST", "/fhir/AuditEvent", forged.dump())->result_int(), 405);
  EXPECT_EQ(writer.call("PUT", "/fhir/AuditEvent/" + id, forged.dump(), {{"If-Match", "W/\"1\""}})
                ->result_int(),
            405);
  EXPECT_EQ(writer.call("DELETE", "/fhir/AuditEvent/" + id)->result_int(), 405);
  const RecordsClient admin(*issuer_, port(), "", {audience() + "/admin"});
  EXPECT_EQ(admin.call("POST", "/fhir/AuditEvent/" + id + "/$expunge")->result_int(), 403);
  EXPECT_EQ(boss.call("GET", "/fhir/AuditEvent/" + id)->result_int(), 200);

  const RecordsClient audit_admin(*issuer_, port(), "", {audience() + "/audit-admin"});
  EXPECT_EQ(audit_admin.call("POST", "/fhir/AuditEvent/" + id + "/$expunge")->result_int(), 200);
  EXPECT_EQ(boss.call("GET", "/fhir/AuditEvent/" + id)->result_int(), 404);
  // The erasure is on record, and so is the refused attempt.
  const json erasures =
      entries_eventually(boss, "/fhir/AuditEvent?subtype=operation&entity=AuditEvent/" + id, 2);
  ASSERT_EQ(erasures.size(), 2u);
  std::set<std::string> outcomes;
  for (const json& e : erasures) outcomes.insert(e["resource"]["outcome"].get<std::string>());
  EXPECT_EQ(outcomes, (std::set<std::string>{"0", "4"}));
}

TEST_F(AuditTrailTest, EmergencyAccessIsFlaggedCountedAndVisibleToThePatient) {
  const std::string fnr = "13116900216";
  const RecordsClient emergency = practitioner(fnr, "BTG");
  const std::string condition = create_condition(practitioner(fnr), fnr);
  ASSERT_EQ(emergency.call("GET", "/fhir/Condition/" + condition)->result_int(), 200);
  const json flagged = entries(supervisor().call("GET", "/fhir/AuditEvent?purpose=BTG"));
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0]["resource"]["entity"][0]["what"]["identifier"]["value"], fnr);
  const json mine = entries(citizen(fnr).call("GET", "/fhir/AuditEvent?purpose=BTG"));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["resource"]["purposeOfEvent"][0]["coding"][0]["code"], "BTG");
  const auto metrics = http_request(server_->metrics_port(), "GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body(), ::testing::HasSubstr("fhir_gateway_emergency_access_total 1"));
  EXPECT_THAT(metrics->body(), ::testing::HasSubstr("fhir_gateway_audit_queue_depth"));
}

TEST_F(AuditTrailTest, WhenTheAuditRecordCannotBeWrittenNoPatientDataLeaves) {
  const std::string fnr = "13116900216";
  const RecordsClient doctor = practitioner(fnr);
  const std::string condition = create_condition(doctor, fnr);
  // Every new AuditEvent version is refused by the database from now on.
  raw_sql(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON versions WHEN NEW.type = 'AuditEvent' "
      "BEGIN SELECT RAISE(ABORT, 'audit refused'); END;");
  const std::vector<std::string> reads = {"/fhir/Condition/" + condition,
                                          "/fhir/Condition?code=38341003",
                                          "/fhir/Patient?identifier=" + fnr};
  for (const std::string& target : reads) {
    const auto r = doctor.call("GET", target);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result_int(), 503) << target;
    EXPECT_EQ(r->body().find("38341003"), std::string::npos) << target;
    EXPECT_EQ(r->body().find(fnr), std::string::npos) << target;
    EXPECT_EQ(r->body().find("audit refused"), std::string::npos) << "no internals leak";
    EXPECT_EQ(RecordsClient::json_of(r)["resourceType"], "OperationOutcome");
  }
  raw_sql("DROP TRIGGER refuse_audit;");
  EXPECT_EQ(doctor.call("GET", "/fhir/Condition/" + condition)->result_int(), 200);
}

}  // namespace
}  // namespace gateway::testing
