// The suite-wide audit check: every logged call to patient data has exactly one AuditEvent,
// found by its request id, with the caller, the patient, the purpose and an outcome that
// matches the status the call got.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "records_client.hpp"

namespace gateway::testing {

inline constexpr const char* kRequestIdSystem =
    "https://fhir-gateway.example.no/fhir/sid/request-id";

// Every AuditEvent in the store, by the request id it records (a supervisor's search,
// followed page by page).
inline std::map<std::string, std::vector<nlohmann::json>> audit_events_by_request(
    const RecordsClient& supervisor) {
  std::map<std::string, std::vector<nlohmann::json>> events;
  std::string target = "/fhir/AuditEvent?_count=500";
  for (int page = 0; page < 1000 && !target.empty(); ++page) {
    auto r = supervisor.call("GET", target);
    if (!r || r->result_int() != 200) {
      ADD_FAILURE() << "AuditEvent search: " << (r ? r->body() : "no answer");
      break;
    }
    const auto bundle = RecordsClient::json_of(r);
    for (const auto& entry : bundle.value("entry", nlohmann::json::array())) {
      const auto& event = entry["resource"];
      for (const auto& entity : event.value("entity", nlohmann::json::array())) {
        const auto what = entity.value("what", nlohmann::json::object());
        const auto identifier = what.value("identifier", nlohmann::json::object());
        if (identifier.value("system", "") == kRequestIdSystem) {
          events[identifier.value("value", "")].push_back(event);
        }
      }
    }
    target.clear();
    for (const auto& link : bundle.value("link", nlohmann::json::array())) {
      if (link.value("relation", "") != "next") continue;
      const std::string url = link.value("url", "");
      const auto path = url.find("/fhir/");
      if (path != std::string::npos) target = url.substr(path);
    }
  }
  return events;
}

// The outcome code a status should have been recorded with.
inline std::string expected_outcome(int status) {
  if (status < 400) return "0";
  return status < 500 ? "4" : "8";
}

inline void expect_every_call_audited(const CallLog& log, const RecordsClient& supervisor,
                                      const std::string& hpr_number) {
  const auto calls = log.calls();
  // Refusals are queued without waiting: give the writer a moment to catch up.
  std::map<std::string, std::vector<nlohmann::json>> events;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  for (;;) {
    events = audit_events_by_request(supervisor);
    bool all = true;
    for (const auto& call : calls) all = all && events.count(call.request_id) > 0;
    if (all || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  for (const auto& call : calls) {
    const std::string what = call.method + " " + call.target + " -> " +
                             std::to_string(call.status) + " (" + call.request_id + ")";
    const auto found = events.find(call.request_id);
    if (found == events.end()) {
      ADD_FAILURE() << "no AuditEvent for " << what;
      continue;
    }
    ASSERT_EQ(found->second.size(), 1u) << "several AuditEvents for " << what;
    const auto& event = found->second.front();
    EXPECT_EQ(event.value("outcome", ""), expected_outcome(call.status)) << what;
    const auto& user = event["agent"][0];
    EXPECT_EQ(user["who"]["identifier"].value("value", ""), hpr_number) << what;
    EXPECT_EQ(event["purposeOfEvent"][0]["coding"][0].value("code", ""), "TREAT") << what;
    if (call.patient.empty()) continue;
    bool names_patient = false;
    for (const auto& entity : event["entity"]) {
      if (entity["role"].value("code", "") != "1") continue;
      const auto what_ = entity.value("what", nlohmann::json::object());
      names_patient =
          names_patient ||
          what_.value("identifier", nlohmann::json::object()).value("value", "") == call.patient;
    }
    EXPECT_TRUE(names_patient) << "the patient is not named in the AuditEvent of " << what;
  }
}

}  // namespace gateway::testing
