// Crash safety through HTTP: the fhir-gateway binary takes transaction Bundles (two
// Conditions each) from concurrent clients and is killed with SIGKILL in the middle of the
// load. Restarted on the same data dir, every acknowledged transaction is there and
// readable, no transaction is there by half, and the SQLite file passes integrity_check.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auth/test_issuer.hpp"
#include "child_process.hpp"
#include "records_client.hpp"
#include "running_server.hpp"
#include "sqlite_integrity.hpp"
#include "temp_dir.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

constexpr const char* kMarkerSystem = "urn:test:crash";

std::unique_ptr<ChildProcess> start_gateway(const std::string& data_dir) {
  return std::make_unique<ChildProcess>(std::vector<std::string>{
      GATEWAY_BINARY, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--test-issuer",
      "true", "--data-dir", data_dir, "--log-access", "false", "--fest",
      GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"});
}

// A transaction of two Conditions that carry the marker as identifier values <marker>-a/-b.
json pair_transaction(const std::string& patient_id, const std::string& marker) {
  json entries = json::array();
  for (const char* half : {"-a", "-b"}) {
    json condition = condition_for("Patient/" + patient_id, "73211009");
    condition["identifier"] = {{{"system", kMarkerSystem}, {"value", marker + half}}};
    entries.push_back(
        {{"resource", condition}, {"request", {{"method", "POST"}, {"url", "Condition"}}}});
  }
  return {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", entries}};
}

// The marker identifier values of every Condition of the patient, following next links.
std::multiset<std::string> stored_markers(const RecordsClient& client, const std::string& pid) {
  std::multiset<std::string> markers;
  std::string path = "/fhir/Condition?subject=Patient/" + pid + "&_count=500";
  for (int page = 0; page < 20 && !path.empty(); ++page) {
    auto r = client.call("GET", path);
    EXPECT_TRUE(r && r->result_int() == 200) << (r ? r->body() : "no answer");
    if (!r || r->result_int() != 200) break;
    const json bundle = RecordsClient::json_of(r);
    for (const auto& entry : bundle.value("entry", json::array())) {
      for (const auto& identifier : entry["resource"].value("identifier", json::array())) {
        if (identifier.value("system", "") == kMarkerSystem) markers.insert(identifier["value"]);
      }
    }
    path.clear();
    for (const auto& link : bundle["link"]) {
      if (link["relation"] == "next") {
        const std::string url = link["url"];
        path = url.substr(url.find("/fhir/"));
      }
    }
  }
  return markers;
}

TEST(RecordsCrash, KillNineUnderHttpWriteLoadLosesNoAcknowledgedTransaction) {
  TempDir dir;
  const std::string data = dir.str() + "/data";
  const std::string fnr = "01018512345";
  auto gateway = start_gateway(data);
  auto port = gateway->wait_for_port();
  ASSERT_TRUE(port);
  ASSERT_TRUE(wait_until_ready(*port));
  auto issuer = auth::TestIssuer::open(data + "/test-issuer");
  ASSERT_TRUE(issuer.ok());
  const RecordsClient client(*issuer, *port, fnr);
  auto created = client.call("POST", "/fhir/Patient", patient_with_fnr(fnr).dump());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->result_int(), 201) << created->body();
  const std::string pid = RecordsClient::json_of(created)["id"];

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> acknowledged_count{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 60; ++i) {
        const std::string marker = "t" + std::to_string(t) + "-" + std::to_string(i);
        auto r = client.call("POST", "/fhir", pair_transaction(pid, marker).dump());
        if (!r) return;  // the gateway is gone
        if (r->result_int() != 200) continue;
        std::lock_guard lock(mutex);
        acknowledged.insert(marker);
        ++acknowledged_count;
      }
    });
  }
  // Killed while the writers are busy: after some acknowledgements, within 20 s.
  for (int i = 0; i < 400 && acknowledged_count < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  gateway->signal(SIGKILL);
  for (auto& writer : writers) writer.join();
  gateway->wait();
  ASSERT_GE(acknowledged_count.load(), 1) << "nothing was acknowledged before the kill";

  auto restarted = start_gateway(data);
  auto new_port = restarted->wait_for_port();
  ASSERT_TRUE(new_port);
  ASSERT_TRUE(wait_until_ready(*new_port));
  const RecordsClient after(*issuer, *new_port, fnr);
  const std::multiset<std::string> stored = stored_markers(after, pid);
  for (const std::string& marker : acknowledged) {
    EXPECT_EQ(stored.count(marker + "-a"), 1u) << marker << " was acknowledged";
    EXPECT_EQ(stored.count(marker + "-b"), 1u) << marker << " was acknowledged";
  }
  for (const std::string& value : stored) {  // whole transactions only
    const std::string marker = value.substr(0, value.size() - 2);
    EXPECT_EQ(stored.count(marker + "-a"), stored.count(marker + "-b")) << marker;
  }
  restarted->signal(SIGTERM);
  EXPECT_EQ(restarted->wait(), 0);

  EXPECT_EQ(sqlite_integrity_check(data + "/gateway.db"), "ok");
}

}  // namespace
}  // namespace gateway::testing
