// Errors as values: the kinds of failure a request can meet, and the Result/Status aliases
// every module boundary uses.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "fhir/request.hpp"

namespace gateway::fhir {

// Every failure the gateway reports belongs to one kind; error_table.cpp maps kinds to
// HTTP status and OperationOutcome issue code in one place.
enum class ErrorKind {
  invalid_request,         // 400 invalid
  invalid_search_param,    // 400 invalid (search parameter)
  unauthorized,            // 401 login
  forbidden,               // 403 forbidden
  not_found,               // 404 not-found
  method_not_allowed,      // 405 not-supported
  not_acceptable,          // 406 not-supported
  timeout,                 // 408 timeout
  conflict,                // 409 conflict
  gone,                    // 410 deleted
  precondition_failed,     // 412 conflict
  precondition_required,   // 428 required (If-Match missing where it is required)
  payload_too_large,       // 413 too-long
  unsupported_media_type,  // 415 not-supported
  unprocessable,           // 422 processing
  too_many_requests,       // 429 throttled
  header_too_large,        // 431 too-long
  internal,                // 500 exception
  unavailable,             // 503 transient
};

// A further problem of the same kind, reported beside the first in one OperationOutcome.
struct ErrorDetail {
  std::string diagnostics;
  std::string expression;
  std::string severity;  // empty: the error's own ("error")
  std::string code;      // empty: the error kind's issue code
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string diagnostics;      // safe to show to the client
  std::string expression;       // FHIRPath-ish element path or parameter name, may be empty
  std::string log_detail;       // internal detail: goes to the log only, never to the client
  std::vector<Header> headers;  // extra response headers, e.g. www-authenticate, allow
  // Further problems found together (validation, search). With empty `diagnostics` the
  // OperationOutcome lists only these.
  std::vector<ErrorDetail> more;
};

inline Error make_error(ErrorKind kind, std::string diagnostics, std::string expression = {},
                        std::string log_detail = {}) {
  return Error{kind, std::move(diagnostics), std::move(expression), std::move(log_detail)};
}

// A value or an Error; Status is success or an Error.
template <typename T>
using Result = gateway::Result<T, Error>;
using Status = Result<void>;

}  // namespace gateway::fhir
