// The error table and OperationOutcome responses.
#include "fhir/operation_outcome.hpp"

namespace gateway::fhir {

ErrorMapping map_error(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_request:
      return {400, "invalid"};
    case ErrorKind::invalid_search_param:
      return {400, "invalid"};
    case ErrorKind::unauthorized:
      return {401, "login"};
    case ErrorKind::forbidden:
      return {403, "forbidden"};
    case ErrorKind::not_found:
      return {404, "not-found"};
    case ErrorKind::method_not_allowed:
      return {405, "not-supported"};
    case ErrorKind::not_acceptable:
      return {406, "not-supported"};
    case ErrorKind::timeout:
      return {408, "timeout"};
    case ErrorKind::conflict:
      return {409, "conflict"};
    case ErrorKind::gone:
      return {410, "deleted"};
    case ErrorKind::precondition_failed:
      return {412, "conflict"};
    case ErrorKind::precondition_required:
      return {428, "required"};
    case ErrorKind::payload_too_large:
      return {413, "too-long"};
    case ErrorKind::unsupported_media_type:
      return {415, "not-supported"};
    case ErrorKind::unprocessable:
      return {422, "processing"};
    case ErrorKind::too_many_requests:
      return {429, "throttled"};
    case ErrorKind::header_too_large:
      return {431, "too-long"};
    case ErrorKind::internal:
      return {500, "exception"};
    case ErrorKind::unavailable:
      return {503, "transient"};
  }
  return {500, "exception"};
}

Json make_operation_outcome(const std::vector<Issue>& issues) {
  Json outcome = {{"resourceType", "OperationOutcome"}};
  Json list = Json::array();
  for (const auto& issue : issues) {
    Json item = {{"severity", issue.severity}, {"code", issue.code}};
    if (!issue.diagnostics.empty()) item["diagnostics"] = issue.diagnostics;
    if (!issue.expression.empty()) item["expression"] = Json::array({issue.expression});
    list.push_back(std::move(item));
  }
  outcome["issue"] = std::move(list);
  return outcome;
}

Response issues_response(ErrorKind kind, const std::vector<Issue>& issues) {
  const ErrorMapping mapping = map_error(kind);
  // Diagnostics may quote client input: never let a stray byte turn an error into a throw.
  return make_response(mapping.status, make_operation_outcome(issues).dump(
                                           -1, ' ', false, Json::error_handler_t::replace));
}

Response error_response(const Error& error) {
  const ErrorMapping mapping = map_error(error.kind);
  Issue issue;
  issue.severity = mapping.status >= 500 ? "fatal" : "error";
  issue.code = std::string(mapping.issue_code);
  issue.diagnostics = error.diagnostics;
  issue.expression = error.expression;
  std::vector<Issue> issues;
  if (!error.diagnostics.empty() || error.more.empty()) issues.push_back(issue);
  for (const auto& detail : error.more) {
    Issue more = issue;
    more.diagnostics = detail.diagnostics;
    more.expression = detail.expression;
    if (!detail.severity.empty()) more.severity = detail.severity;
    if (!detail.code.empty()) more.code = detail.code;
    issues.push_back(std::move(more));
  }
  Response response = issues_response(error.kind, issues);
  for (const auto& h : error.headers) response.set_header(h.name, h.value);
  return response;
}

}  // namespace gateway::fhir
