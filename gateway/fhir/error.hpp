// Errors as values: the kinds of failure a request can meet, and a small Result type.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

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
  payload_too_large,       // 413 too-long
  unsupported_media_type,  // 415 not-supported
  unprocessable,           // 422 processing
  too_many_requests,       // 429 throttled
  header_too_large,        // 431 too-long
  internal,                // 500 exception
  unavailable,             // 503 transient
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string diagnostics;      // safe to show to the client
  std::string expression;       // FHIRPath-ish element path or parameter name, may be empty
  std::string log_detail;       // internal detail: goes to the log only, never to the client
  std::vector<Header> headers;  // extra response headers, e.g. www-authenticate, allow
};

inline Error make_error(ErrorKind kind, std::string diagnostics, std::string expression = {},
                        std::string log_detail = {}) {
  return Error{kind, std::move(diagnostics), std::move(expression), std::move(log_detail)};
}

// A value or an Error. Deliberately tiny: C++20 has no std::expected.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace gateway::fhir
