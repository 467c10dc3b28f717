// GoogleTest matchers for Result<T, E>: IsOk(), HasErrorKind(kind) for fhir::Error and
// HasFailureReason(reason) for the trust layer's failures.
#pragma once

#include <gmock/gmock.h>

namespace gateway::testing {

MATCHER(IsOk, "is ok") {
  if (arg.ok()) return true;
  if constexpr (requires { arg.error().diagnostics; }) {
    *result_listener << "error: " << arg.error().diagnostics;
  } else if constexpr (requires { arg.error().detail; }) {
    *result_listener << "failure: " << arg.error().detail;
  } else if constexpr (requires { arg.error().message; }) {
    *result_listener << "error: " << arg.error().message;
  }
  return false;
}

MATCHER_P(HasErrorKind, kind, "is an error of the given kind") {
  if (arg.ok()) {
    *result_listener << "is ok";
    return false;
  }
  *result_listener << "kind " << static_cast<int>(arg.error().kind) << " ("
                   << arg.error().diagnostics << ")";
  return arg.error().kind == kind;
}

MATCHER_P(HasFailureReason, reason, "is a failure with the given reason") {
  if (arg.ok()) {
    *result_listener << "is ok";
    return false;
  }
  *result_listener << "reason " << static_cast<int>(arg.error().reason) << " ("
                   << arg.error().detail << ")";
  return arg.error().reason == reason;
}

}  // namespace gateway::testing
