// Store outages through the running gateway: a SQLite file another process has locked, a
// disk that is full (a file size limit), and (built with RECORDS_ON_POSTGRES) a PostgreSQL
// server that stops and comes back. Each answers 503 with an OperationOutcome and
// Retry-After, keeps readiness false while it lasts, leaves nothing half-written and
// recovers by itself once the cause is gone.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "auth/test_issuer.hpp"
#include "records_client.hpp"
#include "running_server.hpp"
#include "sqlite_integrity.hpp"
#ifdef RECORDS_ON_POSTGRES
#include "postgres/postgres_server.hpp"
#endif

namespace gateway::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

int ready_status(unsigned short port) {
  auto r = http_request(port, "GET", "/health/ready");
  return r ? r->result_int() : 0;
}

// Waits (bounded) until readiness answers `status`; returns the last answer.
int wait_for_readiness(unsigned short port, int status) {
  int seen = 0;
  for (int i = 0; i < 200 && seen != status; ++i) {
    seen = ready_status(port);
    if (seen != status) std::this_thread::sleep_for(milliseconds(50));
  }
  return seen;
}

// A 503 of the store: an OperationOutcome, Retry-After, and no word of the database.
void expect_store_unavailable(const std::optional<HttpResponse>& r) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 503) << r->body();
  EXPECT_FALSE((*r)[boost::beast::http::field::retry_after].empty());
  const json body = RecordsClient::json_of(r);
  EXPECT_EQ(body.value("resourceType", ""), "OperationOutcome");
  EXPECT_EQ(r->body().find("sqlite"), std::string::npos);
  EXPECT_EQ(r->body().find("SQLITE"), std::string::npos);
  EXPECT_EQ(r->body().find("postgres"), std::string::npos);
}

// The number of Conditions of `patient_id` the gateway returns.
int condition_count(const RecordsClient& client, const std::string& patient_id) {
  auto r = client.call("GET", "/fhir/Condition?subject=Patient/" + patient_id + "&_total=accurate");
  if (!r || r->result_int() != 200) return -1;
  return RecordsClient::json_of(r).value("total", -1);
}

using Settings = std::map<std::string, std::string>;

struct Fixture {
  std::unique_ptr<RunningApplication> server;
  std::unique_ptr<auth::TestIssuer> issuer;
  std::string fnr = "01018512345";

  explicit Fixture(Settings settings) {
    settings["log_access"] = "false";
    settings["fest"] = GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml";
    server = std::make_unique<RunningApplication>(std::move(settings));
    EXPECT_EQ(wait_for_readiness(server->port(), 200), 200);
    auto opened = auth::TestIssuer::open(server->data_dir().str() + "/data/test-issuer");
    EXPECT_TRUE(opened.ok());
    if (opened.ok()) issuer = std::make_unique<auth::TestIssuer>(std::move(*opened));
  }
  RecordsClient client() const { return RecordsClient(*issuer, server->port(), fnr); }
  std::string create_patient() const {
    auto r = client().call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump());
    if (!r || r->result_int() != 201) return {};
    return RecordsClient::json_of(r).value("id", "");
  }
};

#ifndef RECORDS_ON_POSTGRES
TEST(RecordsOutage, ALockedSqliteFileAnswers503UntilTheLockIsGone) {
  Fixture f(Settings{{"store_busy_timeout_ms", "200"}});
  const std::string patient = f.create_patient();
  ASSERT_FALSE(patient.empty());
  const RecordsClient client = f.client();
  auto first =
      client.call("POST", "/fhir/Condition", condition_for("Patient/" + patient, "1").dump());
  ASSERT_TRUE(first);
  ASSERT_EQ(first->result_int(), 201);
  const std::string first_id = RecordsClient::json_of(first).value("id", "");

  // Another process's writer holds the file.
  sqlite3* other = nullptr;
  const std::string path = f.server->data_dir().str() + "/data/gateway.db";
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);

  expect_store_unavailable(
      client.call("POST", "/fhir/Condition", condition_for("Patient/" + patient, "2").dump()));
  EXPECT_EQ(ready_status(f.server->port()), 503);
  // The data could be read (WAL), but its audit record cannot be written: no data leaves.
  auto read = client.call("GET", "/fhir/Condition/" + first_id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->result_int(), 503);
  EXPECT_EQ(read->body().find("\"Condition\""), std::string::npos) << read->body();

  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(wait_for_readiness(f.server->port(), 200), 200);
  auto after =
      client.call("POST", "/fhir/Condition", condition_for("Patient/" + patient, "3").dump());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->result_int(), 201) << after->body();
  EXPECT_EQ(condition_count(client, patient), 2);  // the refused write is not there
}

// Raises the file size limit back (and restores SIGXFSZ) however the test ends.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() { lift(); }
  void lift() {
    if (lifted_) return;
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, previous_);
    lifted_ = true;
  }

 private:
  rlimit saved_{};
  sighandler_t previous_ = SIG_DFL;
  bool lifted_ = false;
};

std::uintmax_t largest_file(const std::filesystem::path& dir) {
  std::uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) largest = std::max(largest, entry.file_size());
  }
  return largest;
}

TEST(RecordsOutage, AFullDiskAnswers503AndTheStoreRecoversWhenThereIsRoomAgain) {
  Fixture f(Settings{});
  const std::string patient = f.create_patient();
  ASSERT_FALSE(patient.empty());
  const RecordsClient client = f.client();
  json big = condition_for("Patient/" + patient, "big");
  big["note"] = {{{"text", std::string(400 * 1024, 'x')}}};

  const std::filesystem::path data = f.server->data_dir().str() + "/data";
  int refused = 0;
  {
    FileSizeLimit limit(largest_file(data) + 64 * 1024);
    for (int i = 0; i < 8 && refused == 0; ++i) {
      auto r = client.call("POST", "/fhir/Condition", big.dump());
      ASSERT_TRUE(r);
      if (r->result_int() == 503) {
        expect_store_unavailable(r);
        ++refused;
      } else {
        ASSERT_EQ(r->result_int(), 201) << r->body();
      }
    }
    ASSERT_EQ(refused, 1) << "no write ran into the size limit";
  }
  const int stored = condition_count(client, patient);
  ASSERT_GE(stored, 0);
  EXPECT_EQ(wait_for_readiness(f.server->port(), 200), 200);
  auto after = client.call("POST", "/fhir/Condition", big.dump());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->result_int(), 201) << after->body();
  EXPECT_EQ(condition_count(client, patient), stored + 1);

  EXPECT_EQ(sqlite_integrity_check((data / "gateway.db").string()), "ok");
}

#else
TEST(RecordsOutage, PostgresStoppingAnswers503AndTheGatewayRecoversWhenItIsBack) {
  auto postgres = PostgresServer::start();
  Fixture f(Settings{{"store", postgres->url()}});
  const std::string patient = f.create_patient();
  ASSERT_FALSE(patient.empty());
  const RecordsClient client = f.client();

  postgres->stop();
  expect_store_unavailable(
      client.call("POST", "/fhir/Condition", condition_for("Patient/" + patient, "1").dump()));
  EXPECT_EQ(wait_for_readiness(f.server->port(), 503), 503);

  postgres->restart();
  EXPECT_EQ(wait_for_readiness(f.server->port(), 200), 200);
  int status = 0;
  for (int i = 0; i < 20 && status != 201; ++i) {  // pooled connections of before are dropped
    auto r =
        client.call("POST", "/fhir/Condition", condition_for("Patient/" + patient, "2").dump());
    status = r ? r->result_int() : 0;
    if (status != 201) std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_EQ(status, 201);
  EXPECT_EQ(condition_count(client, patient), 1);
}
#endif

}  // namespace
}  // namespace gateway::testing
