// Failures as client responses per RFC 6750 §3 and RFC 9449 §7.1: status, WWW-Authenticate
// challenge and client-safe diagnostics; the internal reason goes to log_detail only.
#pragma once

#include <string>

#include "auth/failure.hpp"
#include "fhir/error.hpp"

namespace gateway::auth {

struct ChallengeParams {
  std::string algs;             // accepted DPoP proof algorithms, "ES256 RS256 ..."
  bool bearer_allowed = false;  // also send a Bearer challenge
  std::string scope;            // the scope to name on insufficient_scope, may be empty
  std::string dpop_nonce;       // the current DPoP nonce to send, when nonces are on
};

fhir::Error to_fhir_error(const Failure& failure, const ChallengeParams& params);

}  // namespace gateway::auth
