// Why authentication or authorisation failed: a closed set of reasons (one metric label
// each), the challenge each maps to, and the Result/Status aliases the auth modules use.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.hpp"

namespace gateway::auth {

// What the client is told (RFC 6750 §3.1, RFC 9449 §7.1).
enum class Challenge {
  invalid_request,     // 400: duplicated or malformed Authorization
  invalid_token,       // 401
  invalid_dpop_proof,  // 401
  use_dpop_nonce,      // 401: the proof lacks the server's current DPoP nonce (RFC 9449 §8)
  insufficient_scope,  // 403
  unavailable,         // 503: no signing keys could be loaded, or the replay cache is full
};

enum class FailureReason {
  missing_credentials,
  duplicate_authorization,
  malformed_authorization,
  unsupported_scheme,
  dpop_required,
  token_too_large,
  malformed_token,
  encrypted_token,
  bad_token_type,
  alg_not_allowed,
  unknown_kid,
  key_mismatch,
  bad_signature,
  bad_issuer,
  bad_audience,
  multiple_audiences,
  missing_expiry,
  expired,
  not_yet_valid,
  issued_in_future,
  lifetime_too_long,
  dpop_bound_as_bearer,
  missing_cnf,
  keys_unavailable,
  missing_proof,
  duplicate_proof,
  malformed_proof,
  proof_critical_header,
  proof_bad_type,
  proof_alg_not_allowed,
  proof_bad_jwk,
  proof_private_key,
  proof_bad_signature,
  proof_missing_claim,
  proof_jti_too_long,
  proof_htm_mismatch,
  proof_htu_mismatch,
  proof_iat_out_of_window,
  proof_ath_mismatch,
  proof_jkt_mismatch,
  proof_nonce_invalid,
  proof_replay,
  replay_cache_full,
  insufficient_scope,
  user_required,
  security_level_too_low,
  machine_token_refused,
  attestation_required,
  purpose_of_use_required,
  patient_mismatch,
  purpose_of_use_system_invalid,  // purpose of use without the HL7 PurposeOfUse system
  emergency_access_disabled,      // ETREAT or BTG while emergency access is off
  practitioner_mismatch,          // the attestation names another person than the user
  patient_identifier_invalid,     // an attested patient without a national person identifier
};

inline constexpr std::size_t kFailureReasonCount =
    static_cast<std::size_t>(FailureReason::patient_identifier_invalid) + 1;

std::string_view reason_label(FailureReason reason);  // metric label, e.g. "expired"
Challenge challenge_of(FailureReason reason);
// A short client-safe phrase for error_description; never contains request data.
std::string_view client_description(FailureReason reason);

struct Failure {
  FailureReason reason;
  std::string detail;     // internal: for the log only; never request data such as the URL
  std::string kid;        // the access token's kid, when known
  std::string proof_jti;  // the DPoP proof's jti, when known (at most max_jti_bytes)
};

inline Failure fail(FailureReason reason, std::string detail = {}) {
  return Failure{reason, std::move(detail), {}, {}};
}

// A value or a Failure; Status is success or a Failure.
template <typename T>
using Result = gateway::Result<T, Failure>;
using Status = Result<void>;

}  // namespace gateway::auth
