// A test client for the stored types: each call mints a fresh DPoP proof for an access
// token from the local test issuer whose attestation names one patient. Calls can be logged
// with their request ids, so a suite can check afterwards that each left its AuditEvent.
#pragma once

#include <atomic>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/test_issuer.hpp"
#include "http_client.hpp"

namespace gateway::testing {

inline constexpr const char* kFnrSystem = "urn:oid:2.16.578.1.12.4.1.4.1";

// One call of a logged client: what it asked, for whom, and the status it got.
struct LoggedCall {
  std::string request_id;
  std::string method;
  std::string target;
  std::string patient;  // the fødselsnummer the token's attestation named, if any
  int status = 0;
};

class CallLog {
 public:
  CallLog() = default;
  // `prefix` starts each request id; logs of one suite need prefixes of their own.
  explicit CallLog(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string next_request_id() { return prefix_ + std::to_string(next_++); }
  void add(LoggedCall call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
  }
  std::vector<LoggedCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::string prefix_ = "test-call-";
  std::atomic<long> next_{0};
  mutable std::mutex mutex_;
  std::vector<LoggedCall> calls_;
};

class RecordsClient {
 public:
  // A practitioner token with read and write scopes for `patient` (a fødselsnummer); an
  // empty `patient` names none. With `log`, every call is logged there.
  RecordsClient(const auth::TestIssuer& issuer, unsigned short port, std::string patient,
                std::vector<std::string> extra_scopes = {}, CallLog* log = nullptr)
      : issuer_(issuer), port_(port), patient_(patient), log_(log) {
    auth::TestTokenRequest request;
    request.scopes = {issuer.audience() + "/read", issuer.audience() + "/write"};
    for (auto& scope : extra_scopes) request.scopes.push_back(std::move(scope));
    request.patient = std::move(patient);
    token_ = issuer.mint_access_token(request, std::time(nullptr));
  }
  // A client with a token minted from `request` as it is.
  RecordsClient(const auth::TestIssuer& issuer, unsigned short port,
                const auth::TestTokenRequest& request, CallLog* log = nullptr)
      : issuer_(issuer),
        port_(port),
        patient_(request.patient),
        log_(log),
        token_(issuer.mint_access_token(request, std::time(nullptr))) {}

  std::optional<HttpResponse> call(
      const std::string& method, const std::string& target, const std::string& body = {},
      std::vector<std::pair<std::string, std::string>> headers = {}) const {
    const auto query = target.find('?');
    const std::string htu = "http://127.0.0.1" + target.substr(0, query);
    headers.emplace_back("Authorization", "DPoP " + token_);
    headers.emplace_back("DPoP", issuer_.mint_dpop_proof(method, htu, token_, std::time(nullptr)));
    if (!body.empty()) headers.emplace_back("Content-Type", "application/fhir+json");
    std::string request_id;
    if (log_) {
      request_id = log_->next_request_id();
      headers.emplace_back("X-Request-Id", request_id);
    }
    auto response = http_request(port_, method, target, headers, body);
    if (log_) {
      log_->add({request_id, method, target, patient_,
                 response ? static_cast<int>(response->result_int()) : 0});
    }
    return response;
  }

  // The body of a response as JSON (null when empty or not JSON).
  static nlohmann::json json_of(const std::optional<HttpResponse>& response) {
    if (!response || response->body().empty()) return nullptr;
    return nlohmann::json::parse(response->body(), nullptr, false);
  }

 private:
  const auth::TestIssuer& issuer_;
  unsigned short port_;
  std::string patient_;
  CallLog* log_;
  std::string token_;
};

// A Patient with a fødselsnummer.
inline nlohmann::json patient_with_fnr(const std::string& fnr,
                                       const std::string& family = "Nordmann") {
  return {{"resourceType", "Patient"},
          {"identifier", {{{"system", kFnrSystem}, {"value", fnr}}}},
          {"name", {{{"family", family}, {"given", {"Kari"}}}}},
          {"birthDate", "1985-09-05"}};
}

// A Condition about `patient_reference` ("Patient/<id>").
inline nlohmann::json condition_for(const std::string& patient_reference, const std::string& code,
                                    const std::string& recorded = "2024-03-01") {
  return {{"resourceType", "Condition"},
          {"code", {{"coding", {{{"system", "http://snomed.info/sct"}, {"code", code}}}}}},
          {"subject", {{"reference", patient_reference}}},
          {"recordedDate", recorded}};
}

}  // namespace gateway::testing
