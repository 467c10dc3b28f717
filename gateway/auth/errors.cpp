// Mapping of auth failures to fhir::Error with WWW-Authenticate headers.
#include "auth/errors.hpp"

namespace gateway::auth {
namespace {

std::string_view error_code(Challenge challenge) {
  switch (challenge) {
    case Challenge::invalid_request:
      return "invalid_request";
    case Challenge::invalid_dpop_proof:
      return "invalid_dpop_proof";
    case Challenge::use_dpop_nonce:
      return "use_dpop_nonce";
    case Challenge::insufficient_scope:
      return "insufficient_scope";
    default:
      return "invalid_token";
  }
}

fhir::ErrorKind kind_of(Challenge challenge) {
  switch (challenge) {
    case Challenge::invalid_request:
      return fhir::ErrorKind::invalid_request;
    case Challenge::insufficient_scope:
      return fhir::ErrorKind::forbidden;
    case Challenge::unavailable:
      return fhir::ErrorKind::unavailable;
    default:
      return fhir::ErrorKind::unauthorized;
  }
}

std::string challenge_header(std::string_view scheme, const Failure& failure,
                             const ChallengeParams& params) {
  std::string value(scheme);
  std::string separator = " ";
  // RFC 6750 §3.1: a request without credentials gets a challenge without an error code.
  if (failure.reason != FailureReason::missing_credentials) {
    value += separator + "error=\"" + std::string(error_code(challenge_of(failure.reason))) +
             "\", error_description=\"" + std::string(client_description(failure.reason)) + "\"";
    separator = ", ";
  }
  if (challenge_of(failure.reason) == Challenge::insufficient_scope && !params.scope.empty()) {
    value += separator + "scope=\"" + params.scope + "\"";
    separator = ", ";
  }
  if (scheme == "DPoP") value += separator + "algs=\"" + params.algs + "\"";
  return value;
}

}  // namespace

fhir::Error to_fhir_error(const Failure& failure, const ChallengeParams& params) {
  const Challenge challenge = challenge_of(failure.reason);
  fhir::Error error;
  error.kind = kind_of(challenge);
  const std::string description(client_description(failure.reason));
  switch (challenge) {
    case Challenge::insufficient_scope:
      error.diagnostics = "Access denied: " + description;
      break;
    case Challenge::unavailable:
      error.diagnostics = "Authentication is temporarily unavailable";
      break;
    default:
      error.diagnostics = "Authentication failed: " + description;
      break;
  }
  error.log_detail = "auth " + std::string(reason_label(failure.reason)) +
                     (failure.detail.empty() ? "" : ": " + failure.detail);
  if (challenge == Challenge::unavailable) {
    // Our overload or the issuer's outage, not the client's fault: try again shortly.
    error.headers.push_back({"retry-after", "1"});
  } else {
    error.headers.push_back({"www-authenticate", challenge_header("DPoP", failure, params)});
    if (params.bearer_allowed) {
      error.headers.push_back({"www-authenticate", challenge_header("Bearer", failure, params)});
    }
  }
  if (!params.dpop_nonce.empty()) error.headers.push_back({"dpop-nonce", params.dpop_nonce});
  return error;
}

}  // namespace gateway::auth
