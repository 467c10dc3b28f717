// The FHIR REST interactions on stored types through the running gateway, over real HTTP
// with DPoP-bound tokens: create/read/vread/update/delete, preconditions, history, search,
// conditional create and parallel updates, bundles, $expunge, validation of writes and
// $validate, the compartment rule and bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <vector>

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

// One gateway per suite: on SQLite in its data dir, or (built with RECORDS_ON_POSTGRES) on a
// scratch schema of the fixture's PostgreSQL, where a second replica shares the database.
class RecordsRestTest : public ::testing::Test {
 protected:
  static std::map<std::string, std::string> settings() {
    std::map<std::string, std::string> s{
        {"log_access", "false"}, {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"}};
#ifdef RECORDS_ON_POSTGRES
    s["store"] = schema_->url();
#endif
    return s;
  }
  static void SetUpTestSuite() {
#ifdef RECORDS_ON_POSTGRES
    schema_ = std::make_unique<ScratchSchema>(fixture_postgres_url());
#endif
    server_ = std::make_unique<RunningApplication>(settings());
    ASSERT_TRUE(wait_until_ready(server_->port()));
#ifdef RECORDS_ON_POSTGRES
    auto b = settings();
    b["data_dir"] = server_->data_dir().str() + "/data";  // the same local test issuer
    replica_ = std::make_unique<RunningApplication>(b);
    ASSERT_TRUE(wait_until_ready(replica_->port()));
#endif
  }
  static void TearDownTestSuite() {
    // Every call this test made left exactly one AuditEvent (refusals included).
    if (server_) {
      auto issuer = auth::TestIssuer::open(server_->data_dir().str() + "/data/test-issuer");
      ASSERT_TRUE(issuer.ok());
      const RecordsClient supervisor(*issuer, port(), "", {issuer->audience() + "/audit"});
      expect_every_call_audited(log_, supervisor, auth::TestTokenRequest{}.hpr_number);
    }
    replica_.reset();
    server_.reset();
    schema_.reset();
  }
  void SetUp() override {
    auto issuer = auth::TestIssuer::open(server_->data_dir().str() + "/data/test-issuer");
    ASSERT_TRUE(issuer.ok());
    issuer_ = std::make_unique<auth::TestIssuer>(std::move(*issuer));
  }
  static unsigned short port() { return server_->port(); }
  // The second replica's port on PostgreSQL; the same gateway on SQLite.
  static unsigned short other_port() { return replica_ ? replica_->port() : server_->port(); }

  // A fresh patient (fødselsnummer) per test, so tests do not see each other's data.
  std::string fresh_fnr() {
    static std::atomic<int> next{0};
    return "1101" + std::to_string(100000 + next++) + "9";
  }
  RecordsClient client_for(const std::string& fnr, unsigned short on = 0) const {
    return RecordsClient(*issuer_, on ? on : port(), fnr, {}, &log_);
  }

  // Creates the Patient of `fnr` and returns its id.
  std::string create_patient(const RecordsClient& client, const std::string& fnr) {
    auto r = client.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump());
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->result_int(), 201) << r->body();
    return RecordsClient::json_of(r).value("id", "");
  }

#ifdef RECORDS_ON_POSTGRES
  inline static std::unique_ptr<ScratchSchema> schema_;
#else
  inline static std::unique_ptr<int> schema_;  // nothing to set up on SQLite
#endif
  inline static std::unique_ptr<RunningApplication> server_;
  inline static std::unique_ptr<RunningApplication> replica_;
  inline static CallLog log_;  // every call of the suite's clients, for the audit check
  std::unique_ptr<auth::TestIssuer> issuer_;
};

TEST_F(RecordsRestTest, CreateReadUpdateDeleteAndHistory) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  auto created = client.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->result_int(), 201) << created->body();
  const json body = RecordsClient::json_of(created);
  const std::string id = body.at("id");
  EXPECT_EQ(body["meta"]["versionId"], "1");
  EXPECT_TRUE(body["meta"].contains("lastUpdated"));
  EXPECT_EQ(std::string((*created)["ETag"]), "W/\"1\"");
  EXPECT_NE(std::string((*created)["Location"]).find("/fhir/Patient/" + id + "/_history/1"),
            std::string::npos);
  EXPECT_FALSE(std::string((*created)["Last-Modified"]).empty());

  auto read = client.call("GET", "/fhir/Patient/" + id);
  ASSERT_EQ(read->result_int(), 200);
  EXPECT_EQ(RecordsClient::json_of(read), body);

  json changed = body;
  changed["name"][0]["family"] = "Hansen";
  auto no_match = client.call("PUT", "/fhir/Patient/" + id, changed.dump());
  EXPECT_EQ(no_match->result_int(), 428) << no_match->body();
  auto updated =
      client.call("PUT", "/fhir/Patient/" + id, changed.dump(), {{"If-Match", "W/\"1\""}});
  ASSERT_EQ(updated->result_int(), 200) << updated->body();
  EXPECT_EQ(std::string((*updated)["ETag"]), "W/\"2\"");
  auto stale = client.call("PUT", "/fhir/Patient/" + id, changed.dump(), {{"If-Match", "W/\"1\""}});
  EXPECT_EQ(stale->result_int(), 412);
  EXPECT_EQ(RecordsClient::json_of(stale)["resourceType"], "OperationOutcome");

  auto deleted = client.call("DELETE", "/fhir/Patient/" + id);
  EXPECT_EQ(deleted->result_int(), 204);
  EXPECT_EQ(client.call("GET", "/fhir/Patient/" + id)->result_int(), 410);
  auto v1 = client.call("GET", "/fhir/Patient/" + id + "/_history/1");
  ASSERT_EQ(v1->result_int(), 200);
  EXPECT_EQ(RecordsClient::json_of(v1)["name"][0]["family"], "Nordmann");
  EXPECT_EQ(client.call("GET", "/fhir/Patient/" + id + "/_history/3")->result_int(), 410);
  EXPECT_EQ(client.call("GET", "/fhir/Patient/" + id + "/_history/9")->result_int(), 404);

  auto history = client.call("GET", "/fhir/Patient/" + id + "/_history");
  ASSERT_EQ(history->result_int(), 200);
  const json bundle = RecordsClient::json_of(history);
  EXPECT_EQ(bundle["type"], "history");
  ASSERT_EQ(bundle["entry"].size(), 3u);
  EXPECT_EQ(bundle["entry"][0]["request"]["method"], "DELETE");
  EXPECT_EQ(bundle["entry"][1]["request"]["method"], "PUT");
  EXPECT_EQ(bundle["entry"][2]["request"]["method"], "POST");
  EXPECT_EQ(bundle["entry"][1]["resource"]["name"][0]["family"], "Hansen");
}

TEST_F(RecordsRestTest, PreferMinimalAndOperationOutcome) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  auto minimal = client.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump(),
                             {{"Prefer", "return=minimal"}});
  ASSERT_EQ(minimal->result_int(), 201);
  EXPECT_TRUE(minimal->body().empty());
  EXPECT_FALSE(std::string((*minimal)["Location"]).empty());
  auto outcome = client.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump(),
                             {{"Prefer", "return=OperationOutcome"}});
  ASSERT_EQ(outcome->result_int(), 201);
  EXPECT_EQ(RecordsClient::json_of(outcome)["resourceType"], "OperationOutcome");
}

TEST_F(RecordsRestTest, ConcurrentConditionalCreatesYieldOneResource) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string condition = std::string("identifier=") + kFnrSystem + "|" + fnr;
  std::atomic<int> created{0}, existing{0}, other{0};
  const RecordsClient replica = client_for(fnr, other_port());
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      const RecordsClient& via = i % 2 ? replica : client;
      auto r = via.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump(),
                        {{"If-None-Exist", condition}});
      if (r && r->result_int() == 201) {
        ++created;
      } else if (r && r->result_int() == 200) {
        ++existing;
      } else {
        ++other;
        ADD_FAILURE() << (r ? std::to_string(r->result_int()) + " " + r->body() : "no answer");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(existing, 15);
  EXPECT_EQ(other, 0);
  auto search = client.call("GET", "/fhir/Patient?" + condition + "&_total=accurate");
  ASSERT_EQ(search->result_int(), 200) << search->body();
  EXPECT_EQ(RecordsClient::json_of(search)["total"], 1);
}

TEST_F(RecordsRestTest, FiftyParallelUpdatesWithOneIfMatchLetExactlyOneThrough) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const RecordsClient replica = client_for(fnr, other_port());  // another gateway on PostgreSQL
  const std::string id = create_patient(client, fnr);
  ASSERT_FALSE(id.empty());
  json patient = patient_with_fnr(fnr);
  patient["id"] = id;
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      json mine = patient;
      mine["name"][0]["family"] = "Writer" + std::to_string(i);
      const RecordsClient& via = i % 2 ? replica : client;
      auto r = via.call("PUT", "/fhir/Patient/" + id, mine.dump(), {{"If-Match", "W/\"1\""}});
      if (r && r->result_int() == 200) {
        ++ok;
      } else if (r && r->result_int() == 412) {
        ++conflict;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, 49);
  EXPECT_EQ(other, 0);
  auto history = client.call("GET", "/fhir/Patient/" + id + "/_history");
  EXPECT_EQ(RecordsClient::json_of(history)["entry"].size(), 2u);
}

TEST_F(RecordsRestTest, TheCompartmentRuleHidesAndRefusesOtherPatients) {
  const std::string mine = fresh_fnr(), theirs = fresh_fnr();
  const RecordsClient me = client_for(mine), them = client_for(theirs);
  const std::string my_id = create_patient(me, mine);
  const std::string their_id = create_patient(them, theirs);
  auto their_condition =
      them.call("POST", "/fhir/Condition", condition_for("Patient/" + their_id, "38341003").dump());
  ASSERT_EQ(their_condition->result_int(), 201) << their_condition->body();
  const std::string their_condition_id = RecordsClient::json_of(their_condition)["id"];

  // Writing about another patient is refused; reading their data is as if it did not exist.
  auto write = me.call("POST", "/fhir/Condition", condition_for("Patient/" + their_id, "1").dump());
  EXPECT_EQ(write->result_int(), 403);
  EXPECT_EQ(me.call("GET", "/fhir/Patient/" + their_id)->result_int(), 404);
  EXPECT_EQ(me.call("GET", "/fhir/Condition/" + their_condition_id)->result_int(), 404);
  EXPECT_EQ(me.call("GET", "/fhir/Condition/" + their_condition_id + "/_history/1")->result_int(),
            404);
  // Taking their Condition over, or deleting it, is answered as if it did not exist, and it
  // stays theirs.
  json moved = RecordsClient::json_of(their_condition);
  moved["subject"]["reference"] = "Patient/" + my_id;
  EXPECT_EQ(me.call("PUT", "/fhir/Condition/" + their_condition_id, moved.dump(),
                    {{"If-Match", "W/\"1\""}})
                ->result_int(),
            404);
  EXPECT_EQ(me.call("DELETE", "/fhir/Condition/" + their_condition_id)->result_int(), 204);
  auto still_theirs = them.call("GET", "/fhir/Condition/" + their_condition_id);
  ASSERT_EQ(still_theirs->result_int(), 200);
  EXPECT_EQ(RecordsClient::json_of(still_theirs)["meta"]["versionId"], "1");

  // Their Patient cannot be taken over by writing my fødselsnummer into it, and my Patient
  // cannot be given theirs.
  json their_patient = RecordsClient::json_of(them.call("GET", "/fhir/Patient/" + their_id));
  their_patient["identifier"][0]["value"] = mine;
  EXPECT_EQ(
      me.call("PUT", "/fhir/Patient/" + their_id, their_patient.dump(), {{"If-Match", "W/\"1\""}})
          ->result_int(),
      403);
  // ... with the same answer as for an id that does not exist: nothing leaks.
  their_patient["id"] = "no-such-patient";
  EXPECT_EQ(me.call("PUT", "/fhir/Patient/no-such-patient", their_patient.dump(),
                    {{"If-Match", "W/\"1\""}})
                ->result_int(),
            403);
  json my_patient = RecordsClient::json_of(me.call("GET", "/fhir/Patient/" + my_id));
  my_patient["identifier"].push_back({{"system", kFnrSystem}, {"value", theirs}});
  EXPECT_EQ(me.call("PUT", "/fhir/Patient/" + my_id, my_patient.dump(), {{"If-Match", "W/\"1\""}})
                ->result_int(),
            403);
  // A Condition naming both patients is a write into theirs.
  json both = condition_for("Patient/" + my_id, "1");
  both["asserter"] = {{"reference", "Patient/" + their_id}};
  EXPECT_EQ(me.call("POST", "/fhir/Condition", both.dump())->result_int(), 403);
  // A chain cannot test their data either.
  auto chained =
      me.call("GET", "/fhir/Condition?subject:Patient.identifier=" + std::string(kFnrSystem) + "|" +
                         theirs + "&_total=accurate");
  ASSERT_EQ(chained->result_int(), 200) << chained->body();
  EXPECT_EQ(RecordsClient::json_of(chained)["total"], 0);

  auto search = me.call("GET", "/fhir/Condition?code=38341003&_total=accurate");
  ASSERT_EQ(search->result_int(), 200) << search->body();
  EXPECT_EQ(RecordsClient::json_of(search)["total"], 0);
  auto theirs_search = them.call("GET", "/fhir/Condition?code=38341003&_total=accurate");
  EXPECT_EQ(RecordsClient::json_of(theirs_search)["total"], 1);

  // A token whose attestation names no patient sees no patient data at all.
  const RecordsClient nobody(*issuer_, port(), "", {}, &log_);
  EXPECT_EQ(nobody.call("GET", "/fhir/Condition?code=38341003")->result_int(), 403);
}

TEST_F(RecordsRestTest, SearchSortsPagesAndIncludes) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string pid = create_patient(client, fnr);
  for (int day = 1; day <= 5; ++day) {
    auto r = client.call(
        "POST", "/fhir/Condition",
        condition_for("Patient/" + pid, "73211009", "2024-03-0" + std::to_string(day)).dump());
    ASSERT_EQ(r->result_int(), 201);
  }
  auto first = client.call("GET", "/fhir/Condition?subject=Patient/" + pid +
                                      "&_sort=-recorded-date&_count=2&_include=Condition:subject");
  ASSERT_EQ(first->result_int(), 200) << first->body();
  json page = RecordsClient::json_of(first);
  std::vector<std::string> dates;
  std::string next;
  int patients = 0;
  for (int guard = 0; guard < 10; ++guard) {
    for (const auto& entry : page["entry"]) {
      if (entry["search"]["mode"] == "include") {
        ++patients;
        continue;
      }
      dates.push_back(entry["resource"]["recordedDate"]);
    }
    next.clear();
    for (const auto& link : page["link"]) {
      if (link["relation"] == "next") next = link["url"];
    }
    if (next.empty()) break;
    const auto path = next.substr(next.find("/fhir/"));
    // Writes between pages do not move the pages already defined by the cursor.
    ASSERT_EQ(client
                  .call("POST", "/fhir/Condition",
                        condition_for("Patient/" + pid, "73211009", "2024-03-09").dump())
                  ->result_int(),
              201);
    auto r = client.call("GET", path);
    ASSERT_EQ(r->result_int(), 200) << r->body();
    page = RecordsClient::json_of(r);
  }
  EXPECT_EQ(dates, (std::vector<std::string>{"2024-03-05", "2024-03-04", "2024-03-03", "2024-03-02",
                                             "2024-03-01"}));
  EXPECT_GE(patients, 1);
}

TEST_F(RecordsRestTest, TheMhdParametersMissingFromTheCorePackageSearch) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string patient = "Patient/" + create_patient(client, fnr);
  auto document = [&](const std::string& created) {
    const json body = {{"resourceType", "DocumentReference"},
                       {"status", "current"},
                       {"subject", {{"reference", patient}}},
                       {"content",
                        {{{"attachment",
                           {{"contentType", "text/plain"},
                            {"url", "https://documents.example.no/" + created},
                            {"creation", created}}}}}}};
    auto r = client.call("POST", "/fhir/DocumentReference", body.dump());
    EXPECT_EQ(r->result_int(), 201) << r->body();
    return RecordsClient::json_of(r).value("id", "");
  };
  const std::string older = document("2023-05-01T10:00:00+02:00");
  const std::string newer = document("2024-09-12T08:30:00+02:00");
  auto ids = [&](const std::string& target) {
    std::set<std::string> found;
    auto r = client.call("GET", target);
    EXPECT_EQ(r->result_int(), 200) << r->body();
    for (const auto& entry : RecordsClient::json_of(r).value("entry", json::array())) {
      found.insert(entry["resource"].value("id", ""));
    }
    return found;
  };
  const std::string by_patient = "/fhir/DocumentReference?patient=" + patient;
  EXPECT_EQ(ids(by_patient + "&creation=ge2024-01-01"), (std::set<std::string>{newer}));
  EXPECT_EQ(ids(by_patient + "&creation=lt2024-01-01"), (std::set<std::string>{older}));
  EXPECT_EQ(ids(by_patient + "&creation=2023-05"), (std::set<std::string>{older}));

  const std::string mhd = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/";
  const json submission_set = {
      {"resourceType", "List"},
      {"status", "current"},
      {"mode", "working"},
      {"subject", {{"reference", patient}}},
      {"code",
       {{"coding",
         {{{"system", "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes"},
           {"code", "submissionset"}}}}}},
      {"extension",
       {{{"url", mhd + "ihe-sourceId"},
         {"valueIdentifier", {{"system", "urn:ietf:rfc:3986"}, {"value", "urn:oid:1.2.3.4"}}}},
        {{"url", mhd + "ihe-designationType"},
         {"valueCodeableConcept",
          {{"coding", {{{"system", "http://loinc.org"}, {"code", "18842-5"}}}}}}}}},
      {"entry", {{{"item", {{"reference", "DocumentReference/" + newer}}}}}}};
  auto list = client.call("POST", "/fhir/List", submission_set.dump());
  ASSERT_EQ(list->result_int(), 201) << list->body();
  const std::string list_id = RecordsClient::json_of(list).value("id", "");
  const std::string lists = "/fhir/List?patient=" + patient;
  EXPECT_EQ(ids(lists + "&designationType=http://loinc.org|18842-5"),
            (std::set<std::string>{list_id}));
  EXPECT_THAT(ids(lists + "&designationType=http://loinc.org|11488-4"), ::testing::IsEmpty());
  EXPECT_EQ(ids(lists + "&sourceId=urn:oid:1.2.3.4"), (std::set<std::string>{list_id}));
  EXPECT_THAT(ids(lists + "&sourceId=urn:oid:9.9"), ::testing::IsEmpty());
}

TEST_F(RecordsRestTest, SummaryKeepsTheElementsTheDefinitionsMark) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  json patient = patient_with_fnr(fnr);
  patient["text"] = {{"status", "generated"},
                     {"div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">Kari</div>"}};
  patient["photo"] = {{{"contentType", "image/png"}, {"data", "AAAA"}}};  // not a summary element
  patient["deceasedBoolean"] = false;                                     // a summary choice
  auto created = client.call("POST", "/fhir/Patient", patient.dump());
  ASSERT_EQ(created->result_int(), 201);
  const std::string pid = RecordsClient::json_of(created).value("id", "");
  auto condition = condition_for("Patient/" + pid, "73211009");
  condition["note"] = {{{"text", "not a summary element"}}};
  ASSERT_EQ(client.call("POST", "/fhir/Condition", condition.dump())->result_int(), 201);

  auto only = [&](const std::string& query) {
    auto r = client.call("GET", query);
    EXPECT_EQ(r->result_int(), 200) << r->body();
    const json page = RecordsClient::json_of(r);
    return page["entry"].empty() ? json() : page["entry"][0]["resource"];
  };
  const json summary = only("/fhir/Patient?_id=" + pid + "&_summary=true");
  EXPECT_TRUE(summary.contains("identifier"));
  EXPECT_TRUE(summary.contains("birthDate"));
  EXPECT_TRUE(summary.contains("deceasedBoolean"));
  EXPECT_FALSE(summary.contains("photo"));
  EXPECT_FALSE(summary.contains("text"));
  EXPECT_EQ(summary["meta"]["tag"][0]["code"], "SUBSETTED");

  const json text = only("/fhir/Patient?_id=" + pid + "&_summary=text");
  EXPECT_TRUE(text.contains("text"));
  EXPECT_FALSE(text.contains("identifier"));
  EXPECT_FALSE(text.contains("birthDate"));

  const json data = only("/fhir/Patient?_id=" + pid + "&_summary=data");
  EXPECT_FALSE(data.contains("text"));
  EXPECT_TRUE(data.contains("photo"));

  // Condition.subject is mandatory: kept by text; note is no summary element.
  const json condition_text = only("/fhir/Condition?subject=Patient/" + pid + "&_summary=text");
  EXPECT_TRUE(condition_text.contains("subject"));
  EXPECT_FALSE(condition_text.contains("code"));
  const json condition_summary = only("/fhir/Condition?subject=Patient/" + pid + "&_summary=true");
  EXPECT_TRUE(condition_summary.contains("code"));
  EXPECT_FALSE(condition_summary.contains("note"));
}

TEST_F(RecordsRestTest, TransactionsAreAtomicAndRewriteUrnReferences) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  json transaction = {
      {"resourceType", "Bundle"},
      {"type", "transaction"},
      {"entry",
       {{{"fullUrl", "urn:uuid:8f1c2b8e-54b4-4a35-9f45-0b0a8f3e9a11"},
         {"resource", patient_with_fnr(fnr)},
         {"request", {{"method", "POST"}, {"url", "Patient"}}}},
        {{"resource", condition_for("urn:uuid:8f1c2b8e-54b4-4a35-9f45-0b0a8f3e9a11", "195967001")},
         {"request", {{"method", "POST"}, {"url", "Condition"}}}}}}};
  auto r = client.call("POST", "/fhir", transaction.dump());
  ASSERT_EQ(r->result_int(), 200) << r->body();
  const json response = RecordsClient::json_of(r);
  EXPECT_EQ(response["type"], "transaction-response");
  ASSERT_EQ(response["entry"].size(), 2u);
  EXPECT_EQ(response["entry"][0]["response"]["status"], "201 Created");
  const std::string pid = response["entry"][0]["resource"]["id"];
  EXPECT_EQ(response["entry"][1]["resource"]["subject"]["reference"], "Patient/" + pid);

  // One failing entry (a stale If-Match) and nothing of the transaction is written.
  json failing = {
      {"resourceType", "Bundle"},
      {"type", "transaction"},
      {"entry",
       {{{"resource", condition_for("Patient/" + pid, "444814009")},
         {"request", {{"method", "POST"}, {"url", "Condition"}}}},
        {{"resource", patient_with_fnr(fnr, "Other")},
         {"request", {{"method", "PUT"}, {"url", "Patient/" + pid}, {"ifMatch", "W/\"7\""}}}}}}};
  failing["entry"][1]["resource"]["id"] = pid;
  auto refused = client.call("POST", "/fhir", failing.dump());
  EXPECT_EQ(refused->result_int(), 412) << refused->body();
  auto search = client.call("GET", "/fhir/Condition?code=444814009&_total=accurate");
  EXPECT_EQ(RecordsClient::json_of(search)["total"], 0);
}

TEST_F(RecordsRestTest, TransactionConditionalCreatesPointAtTheirMatchAndDeletesOfNothingAreFine) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string pid = create_patient(client, fnr);
  const std::string condition = std::string("identifier=") + kFnrSystem + "|" + fnr;
  json transaction = {
      {"resourceType", "Bundle"},
      {"type", "transaction"},
      {"entry",
       {{{"fullUrl", "urn:uuid:0c8d7f3a-1b2c-4d5e-8f90-123456789abc"},
         {"resource", patient_with_fnr(fnr)},
         {"request", {{"method", "POST"}, {"url", "Patient"}, {"ifNoneExist", condition}}}},
        {{"resource", condition_for("urn:uuid:0c8d7f3a-1b2c-4d5e-8f90-123456789abc", "271737000")},
         {"request", {{"method", "POST"}, {"url", "Condition"}}}},
        {{"request", {{"method", "DELETE"}, {"url", "Condition/never-existed"}}}}}}};
  auto r = client.call("POST", "/fhir", transaction.dump());
  ASSERT_EQ(r->result_int(), 200) << r->body();
  const json response = RecordsClient::json_of(r);
  EXPECT_EQ(response["entry"][0]["response"]["status"], "200 OK");
  EXPECT_EQ(response["entry"][1]["resource"]["subject"]["reference"], "Patient/" + pid);
  EXPECT_EQ(response["entry"][2]["response"]["status"], "204 No Content");

  json dangling = {
      {"resourceType", "Bundle"},
      {"type", "transaction"},
      {"entry",
       {{{"resource", condition_for("urn:uuid:ffffffff-0000-4000-8000-000000000000", "1")},
         {"request", {{"method", "POST"}, {"url", "Condition"}}}}}}};
  EXPECT_EQ(client.call("POST", "/fhir", dangling.dump())->result_int(), 400);
}

TEST_F(RecordsRestTest, BatchEntriesSucceedOrFailOnTheirOwn) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string pid = create_patient(client, fnr);
  json batch = {{"resourceType", "Bundle"},
                {"type", "batch"},
                {"entry",
                 {{{"resource", condition_for("Patient/" + pid, "22298006")},
                   {"request", {{"method", "POST"}, {"url", "Condition"}}}},
                  {{"request", {{"method", "GET"}, {"url", "Patient/does-not-exist"}}}},
                  {{"request", {{"method", "GET"}, {"url", "Patient/" + pid}}}}}}};
  auto r = client.call("POST", "/fhir", batch.dump());
  ASSERT_EQ(r->result_int(), 200) << r->body();
  const json response = RecordsClient::json_of(r);
  EXPECT_EQ(response["type"], "batch-response");
  EXPECT_EQ(response["entry"][0]["response"]["status"], "201 Created");
  EXPECT_EQ(response["entry"][1]["response"]["status"], "404 Not Found");
  EXPECT_EQ(response["entry"][2]["response"]["status"], "200 OK");
}

TEST_F(RecordsRestTest, ExpungeNeedsAdminAndRemovesHistory) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string pid = create_patient(client, fnr);
  EXPECT_EQ(client.call("POST", "/fhir/Patient/" + pid + "/$expunge")->result_int(), 403);
  const RecordsClient admin(*issuer_, port(), fnr, {issuer_->audience() + "/admin"}, &log_);
  auto expunged = admin.call("POST", "/fhir/Patient/" + pid + "/$expunge");
  ASSERT_EQ(expunged->result_int(), 200) << expunged->body();
  EXPECT_EQ(client.call("GET", "/fhir/Patient/" + pid)->result_int(), 404);
  EXPECT_EQ(client.call("GET", "/fhir/Patient/" + pid + "/_history/1")->result_int(), 404);

  // The erasure left its AuditEvent, in the patient's compartment (by the identifier, since
  // the Patient is gone). The access log needs its own scope.
  EXPECT_EQ(client.call("GET", "/fhir/AuditEvent?entity=Patient/" + pid)->result_int(), 403);
  const RecordsClient supervisor(*issuer_, port(), "", {issuer_->audience() + "/audit"}, &log_);
  auto audit = supervisor.call("GET", "/fhir/AuditEvent?action=D&entity=Patient/" + pid);
  ASSERT_EQ(audit->result_int(), 200) << audit->body();
  const json page = RecordsClient::json_of(audit);
  ASSERT_EQ(page["entry"].size(), 1u) << page.dump();
  const json event = page["entry"][0]["resource"];
  EXPECT_EQ(event["outcome"], "0");
  EXPECT_EQ(event["agent"][0]["who"]["identifier"]["value"], "565501872");  // the HPR number
  EXPECT_EQ(event["agent"][1]["altId"], "local-test-client");
  bool names_erased = false;
  bool names_patient = false;
  for (const json& entity : event["entity"]) {
    names_erased = names_erased || entity["what"].value("reference", "") == "Patient/" + pid;
    names_patient = names_patient ||
                    entity["what"].value("identifier", json::object()).value("value", "") == fnr;
  }
  EXPECT_TRUE(names_erased && names_patient) << event.dump();
  // In the patient's compartment: a citizen token of that patient finds it.
  auth::TestTokenRequest citizen;
  citizen.scopes = {issuer_->audience() + "/citizen"};
  citizen.pid = fnr;
  citizen.hpr_number.clear();
  citizen.purpose_of_use.clear();
  const RecordsClient own(*issuer_, port(), citizen);
  const json mine = RecordsClient::json_of(own.call("GET", "/fhir/AuditEvent?action=D"));
  ASSERT_EQ(mine.value("entry", json::array()).size(), 1u) << mine.dump();
  EXPECT_EQ(admin.call("POST", "/fhir/Patient/" + pid + "/$expunge")->result_int(), 404);
}

TEST_F(RecordsRestTest, BadInputIsAnOperationOutcome) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::vector<std::pair<std::string, std::string>> bad_bodies = {
      {"{", "invalid"},
      {R"({"resourceType":"Condition"})", "invalid"},
      {"[1,2]", "invalid"},
  };
  for (const auto& [body, code] : bad_bodies) {
    auto r = client.call("POST", "/fhir/Patient", body);
    EXPECT_EQ(r->result_int(), 400) << body;
    const json outcome = RecordsClient::json_of(r);
    EXPECT_EQ(outcome["resourceType"], "OperationOutcome") << body;
    EXPECT_EQ(outcome["issue"][0]["code"], code) << body;
  }
  EXPECT_EQ(
      client.call("POST", "/fhir/Patient", R"({"resourceType":"Patient","x":1e400})")->result_int(),
      400);
  EXPECT_EQ(client.call("POST", "/fhir", R"({"resourceType":"Bundle","type":1})")->result_int(),
            400);
  EXPECT_EQ(client
                .call("PUT", "/fhir/Patient/" + std::string(65, 'a'),
                      R"({"resourceType":"Patient"})", {{"If-Match", "W/\"1\""}})
                ->result_int(),
            400);
  EXPECT_EQ(client.call("GET", "/fhir/Condition?_summary=maybe")->result_int(), 400);
  EXPECT_EQ(client.call("GET", "/fhir/Condition?no-such-param=1")->result_int(), 400);
  EXPECT_EQ(client.call("GET", "/fhir/Condition?_page_token=forged")->result_int(), 400);
  EXPECT_EQ(client.call("GET", "/fhir/Condition?recorded-date=notadate")->result_int(), 400);
  EXPECT_EQ(client.call("GET", "/fhir/Patient/_history?_since=yesterday")->result_int(), 400);
  EXPECT_EQ(client
                .call("PUT", "/fhir/Patient/x", R"({"resourceType":"Patient","id":"y"})",
                      {{"If-Match", "W/\"1\""}})
                ->result_int(),
            400);
}

// An AllergyIntolerance of `patient_reference` that our profile accepts without an issue.
json allergy_for(const std::string& patient_reference) {
  return {
      {"resourceType", "AllergyIntolerance"},
      {"clinicalStatus",
       {{"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"},
           {"code", "active"}}}}}},
      {"criticality", "high"},
      {"code", {{"coding", {{{"system", "urn:oid:2.16.578.1.12.4.1.1.7514"}, {"code", "10"}}}}}},
      {"patient", {{"reference", patient_reference}}}};
}

// "severity code @expression" of an OperationOutcome's issues.
std::vector<std::string> outline_of(const json& outcome) {
  std::vector<std::string> out;
  for (const auto& issue : outcome.value("issue", json::array())) {
    out.push_back(issue.value("severity", "") + " " + issue.value("code", "") + " @" +
                  issue.value("expression", json::array({""}))[0].get<std::string>());
  }
  return out;
}

TEST_F(RecordsRestTest, InvalidWritesAre422WithEveryIssueAndStoreNothing) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string patient = "Patient/" + create_patient(client, fnr);
  json bad = allergy_for(patient);
  bad["criticality"] = "very-high";
  bad["reaction"] = {{{"manifestation", json::array()}, {"sevrity", "mild"}}};
  auto refused = client.call("POST", "/fhir/AllergyIntolerance", bad.dump());
  ASSERT_EQ(refused->result_int(), 422) << refused->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(refused)),
              ::testing::UnorderedElementsAre(
                  "error code-invalid @AllergyIntolerance.criticality",
                  "error structure @AllergyIntolerance.reaction[0].manifestation",
                  "error structure @AllergyIntolerance.reaction[0].sevrity"));
  auto none = client.call("GET", "/fhir/AllergyIntolerance?_total=accurate&patient=" + patient);
  ASSERT_EQ(none->result_int(), 200);
  EXPECT_EQ(RecordsClient::json_of(none)["total"], 0);

  auto created = client.call("POST", "/fhir/AllergyIntolerance", allergy_for(patient).dump());
  ASSERT_EQ(created->result_int(), 201) << created->body();
  json stored = RecordsClient::json_of(created);
  json changed = stored;
  changed["patient"]["reference"] = "Practitioner/1";
  auto update = client.call("PUT", "/fhir/AllergyIntolerance/" + stored["id"].get<std::string>(),
                            changed.dump(), {{"If-Match", "W/\"1\""}});
  ASSERT_EQ(update->result_int(), 422) << update->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(update)),
              ::testing::ElementsAre("error structure @AllergyIntolerance.patient"));
  auto read = client.call("GET", "/fhir/AllergyIntolerance/" + stored["id"].get<std::string>());
  EXPECT_EQ(RecordsClient::json_of(read)["meta"]["versionId"], "1");

  json transaction = {
      {"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array()}};
  for (const json& resource : {allergy_for(patient), bad}) {
    transaction["entry"].push_back(
        {{"resource", resource}, {"request", {{"method", "POST"}, {"url", "AllergyIntolerance"}}}});
  }
  auto atomic = client.call("POST", "/fhir", transaction.dump());
  ASSERT_EQ(atomic->result_int(), 422) << atomic->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(atomic)),
              ::testing::Contains("error code-invalid @Bundle.entry[1].resource.criticality"));
  auto after = client.call("GET", "/fhir/AllergyIntolerance?_total=accurate&patient=" + patient);
  EXPECT_EQ(RecordsClient::json_of(after)["total"], 1);
}

TEST_F(RecordsRestTest, WarningsComeBackWithTheWriteAndStrictHandlingRefusesThem) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string patient = "Patient/" + create_patient(client, fnr);
  json unusual = allergy_for(patient);
  // not a code of our TypeOfReaction value set: the profile's binding is extensible
  unusual["reaction"] = {
      {{"manifestation",
        {{{"coding", {{{"system", "http://snomed.info/sct"}, {"code", "39579001"}}}}}}}}};
  auto created = client.call("POST", "/fhir/AllergyIntolerance", unusual.dump(),
                             {{"Prefer", "return=OperationOutcome"}});
  ASSERT_EQ(created->result_int(), 201) << created->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(created)),
              ::testing::ElementsAre(
                  "information informational @",
                  "warning code-invalid @AllergyIntolerance.reaction[0].manifestation[0]"));
  auto strict = client.call("POST", "/fhir/AllergyIntolerance", unusual.dump(),
                            {{"Prefer", "handling=strict"}});
  ASSERT_EQ(strict->result_int(), 422) << strict->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(strict)),
              ::testing::ElementsAre(
                  "error code-invalid @AllergyIntolerance.reaction[0].manifestation[0]"));
  auto stored = client.call("GET", "/fhir/AllergyIntolerance?_total=accurate&patient=" + patient);
  EXPECT_EQ(RecordsClient::json_of(stored)["total"], 1);
}

TEST_F(RecordsRestTest, ValidateOperationAnswersWithAnOutcomeAndStoresNothing) {
  const std::string fnr = fresh_fnr();
  const RecordsClient client = client_for(fnr);
  const std::string patient = "Patient/" + create_patient(client, fnr);
  json bad = allergy_for(patient);
  bad["criticality"] = "very-high";

  auto checked = client.call("POST", "/fhir/AllergyIntolerance/$validate", bad.dump());
  ASSERT_EQ(checked->result_int(), 200) << checked->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(checked)),
              ::testing::ElementsAre("error code-invalid @AllergyIntolerance.criticality"));

  auto fine = client.call("POST", "/fhir/$validate", allergy_for(patient).dump());
  ASSERT_EQ(fine->result_int(), 200) << fine->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(fine)),
              ::testing::ElementsAre("information informational @"));

  json parameters = {
      {"resourceType", "Parameters"},
      {"parameter",
       {{{"name", "resource"}, {"resource", patient_with_fnr("123")}},
        {{"name", "profile"},
         {"valueCanonical",
          "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-patient"}},
        {{"name", "mode"}, {"valueCode", "update"}}}}};
  auto with_profile = client.call("POST", "/fhir/Patient/$validate", parameters.dump());
  ASSERT_EQ(with_profile->result_int(), 200) << with_profile->body();
  EXPECT_THAT(outline_of(RecordsClient::json_of(with_profile)),
              ::testing::UnorderedElementsAre("error invariant @Patient.identifier[0].value",
                                              "error required @Patient.id"));

  EXPECT_EQ(client.call("POST", "/fhir/Patient/$validate", "{not json")->result_int(), 400);
  EXPECT_EQ(client.call("POST", "/fhir/Patient/$validate", bad.dump())->result_int(), 400);
  EXPECT_EQ(client.call("POST", "/fhir/$validate?mode=merge", bad.dump())->result_int(), 400);
  auto stored = client.call("GET", "/fhir/AllergyIntolerance?_total=accurate&patient=" + patient);
  EXPECT_EQ(RecordsClient::json_of(stored)["total"], 0);
}

}  // namespace
}  // namespace gateway::testing
