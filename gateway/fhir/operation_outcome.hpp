// OperationOutcome construction and the one table that maps error kinds to HTTP status
// and issue code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "fhir/response.hpp"

namespace gateway::fhir {

struct ErrorMapping {
  int status;
  std::string_view issue_code;  // http://hl7.org/fhir/issue-type
};

ErrorMapping map_error(ErrorKind kind);

// One issue of an OperationOutcome; validation collects many with element paths.
struct Issue {
  std::string severity = "error";  // fatal | error | warning | information
  std::string code;                // issue-type code
  std::string diagnostics;
  std::string expression;  // element path, may be empty
};

Json make_operation_outcome(const std::vector<Issue>& issues);
// The response for an error: status and issue code from the table, body an OperationOutcome,
// extra headers from the error. Never includes `log_detail`.
Response error_response(const Error& error);
// Several issues (e.g. validation) in one OperationOutcome with the status of `kind`.
Response issues_response(ErrorKind kind, const std::vector<Issue>& issues);

}  // namespace gateway::fhir
