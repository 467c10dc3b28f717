// A test client for the stored types: each call mints a fresh DPoP proof for an access
// token from the local test issuer whose attestation names one patient.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/test_issuer.hpp"
#include "http_client.hpp"

namespace gateway::testing {

inline constexpr const char* kFnrSystem = "urn:oid:2.16.578.1.12.4.1.4.1";

class RecordsClient {
 public:
  // A practitioner token with read and write scopes for `patient` (a fødselsnummer); an
  // empty `patient` names none.
  RecordsClient(const auth::TestIssuer& issuer, unsigned short port, std::string patient,
                std::vector<std::string> extra_scopes = {})
      : issuer_(issuer), port_(port) {
    auth::TestTokenRequest request;
    request.scopes = {issuer.audience() + "/read", issuer.audience() + "/write"};
    for (auto& scope : extra_scopes) request.scopes.push_back(std::move(scope));
    request.patient = std::move(patient);
    token_ = issuer.mint_access_token(request, std::time(nullptr));
  }

  std::optional<HttpResponse> call(
      const std::string& method, const std::string& target, const std::string& body = {},
      std::vector<std::pair<std::string, std::string>> headers = {}) const {
    const auto query = target.find('?');
    const std::string htu = "http://127.0.0.1" + target.substr(0, query);
    headers.emplace_back("Authorization", "DPoP " + token_);
    headers.emplace_back("DPoP", issuer_.mint_dpop_proof(method, htu, token_, std::time(nullptr)));
    if (!body.empty()) headers.emplace_back("Content-Type", "application/fhir+json");
    return http_request(port_, method, target, headers, body);
  }

  // The body of a response as JSON (null when empty or not JSON).
  static nlohmann::json json_of(const std::optional<HttpResponse>& response) {
    if (!response || response->body().empty()) return nullptr;
    return nlohmann::json::parse(response->body(), nullptr, false);
  }

 private:
  const auth::TestIssuer& issuer_;
  unsigned short port_;
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
