// Building responses around stored versions.
#include "records/version_response.hpp"

#include <optional>
#include <string>

#include "fhir/conditional.hpp"
#include "fhir/instant.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::records {

namespace {

// Calls `visit` with each token of the Prefer headers ("return=minimal", "handling=strict").
template <typename Visit>
void for_each_prefer_token(const fhir::Request& request, Visit&& visit) {
  for (const auto& header : request.headers) {
    if (header.name != "prefer") continue;
    std::string_view rest = header.value;
    while (!rest.empty()) {
      const auto comma = rest.find_first_of(",;");
      std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      visit(item);
    }
  }
}

}  // namespace

ReturnPreference return_preference(const fhir::Request& request) {
  std::optional<ReturnPreference> preference;
  for_each_prefer_token(request, [&](std::string_view item) {
    if (preference) return;
    if (item == "return=minimal") preference = ReturnPreference::minimal;
    if (item == "return=OperationOutcome") preference = ReturnPreference::operation_outcome;
    if (item == "return=representation") preference = ReturnPreference::representation;
  });
  return preference.value_or(ReturnPreference::representation);
}

bool prefer_token(const fhir::Request& request, std::string_view token) {
  bool found = false;
  for_each_prefer_token(request, [&](std::string_view item) { found = found || item == token; });
  return found;
}

std::string version_etag(const storage::StoredVersion& version) {
  return fhir::weak_etag(std::to_string(version.version));
}

std::string version_location(std::string_view base_url, const storage::StoredVersion& version) {
  return std::string(base_url) + "/" + version.type + "/" + version.id + "/_history/" +
         std::to_string(version.version);
}

fhir::Response read_response(const storage::StoredVersion& version) {
  fhir::Response response = fhir::make_response(200, version.json);
  response.audit.resources.push_back(version.type + "/" + version.id);
  response.set_header("etag", version_etag(version));
  response.set_header("last-modified", fhir::format_http_date_ms(version.last_updated));
  return response;
}

fhir::Response write_response(int status, const storage::StoredVersion& version,
                              ReturnPreference preference, std::string_view base_url,
                              const std::vector<fhir::Issue>& warnings) {
  fhir::Response response;
  switch (preference) {
    case ReturnPreference::representation:
      response = fhir::make_response(status, version.json);
      break;
    case ReturnPreference::minimal:
      response = fhir::make_response(status, "", "");
      break;
    case ReturnPreference::operation_outcome: {
      const std::string what = version.type + "/" + version.id + " version " +
                               std::to_string(version.version) +
                               (status == 201 ? " created" : " stored");
      std::vector<fhir::Issue> issues{{"information", "informational", what, ""}};
      issues.insert(issues.end(), warnings.begin(), warnings.end());
      response =
          fhir::make_response(status, fhir::make_operation_outcome(issues).dump(
                                          -1, ' ', false, fhir::Json::error_handler_t::replace));
      break;
    }
  }
  response.audit.resources.push_back(version.type + "/" + version.id);
  response.set_header("location", version_location(base_url, version));
  response.set_header("etag", version_etag(version));
  response.set_header("last-modified", fhir::format_http_date_ms(version.last_updated));
  return response;
}

}  // namespace gateway::records
