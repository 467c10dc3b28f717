// The table from failure reason to metric label, challenge and client-safe description.
#include "auth/failure.hpp"

#include <array>

namespace gateway::auth {
namespace {

struct ReasonInfo {
  std::string_view label;
  Challenge challenge;
  std::string_view description;
};

using C = Challenge;

constexpr std::array<ReasonInfo, kFailureReasonCount> kReasons = {{
    {"missing_credentials", C::invalid_token, "no access token"},
    {"duplicate_authorization", C::invalid_request, "more than one Authorization header"},
    {"malformed_authorization", C::invalid_request, "malformed Authorization header"},
    {"unsupported_scheme", C::invalid_token, "unsupported authorization scheme"},
    {"dpop_required", C::invalid_token, "a DPoP-bound token is required"},
    {"token_too_large", C::invalid_token, "access token too large"},
    {"malformed_token", C::invalid_token, "malformed access token"},
    {"encrypted_token", C::invalid_token, "encrypted tokens are not supported"},
    {"bad_token_type", C::invalid_token, "wrong token type"},
    {"alg_not_allowed", C::invalid_token, "signature algorithm not allowed"},
    {"unknown_kid", C::invalid_token, "unknown signing key"},
    {"key_mismatch", C::invalid_token, "signing key does not match algorithm"},
    {"bad_signature", C::invalid_token, "invalid signature"},
    {"bad_issuer", C::invalid_token, "untrusted issuer"},
    {"bad_audience", C::invalid_token, "wrong audience"},
    {"multiple_audiences", C::invalid_token, "more than one audience"},
    {"missing_expiry", C::invalid_token, "token has no expiry"},
    {"expired", C::invalid_token, "token expired"},
    {"not_yet_valid", C::invalid_token, "token not yet valid"},
    {"issued_in_future", C::invalid_token, "token issued in the future"},
    {"lifetime_too_long", C::invalid_token, "token lifetime too long"},
    {"dpop_bound_as_bearer", C::invalid_token, "DPoP-bound token sent as Bearer"},
    {"missing_cnf", C::invalid_token, "token is not DPoP-bound"},
    {"keys_unavailable", C::unavailable, "signing keys unavailable"},
    {"missing_proof", C::invalid_dpop_proof, "missing DPoP proof"},
    {"duplicate_proof", C::invalid_dpop_proof, "more than one DPoP header"},
    {"malformed_proof", C::invalid_dpop_proof, "malformed DPoP proof"},
    {"proof_critical_header", C::invalid_dpop_proof, "DPoP proof has critical header parameters"},
    {"proof_bad_type", C::invalid_dpop_proof, "wrong DPoP proof type"},
    {"proof_alg_not_allowed", C::invalid_dpop_proof, "DPoP proof algorithm not allowed"},
    {"proof_bad_jwk", C::invalid_dpop_proof, "invalid DPoP proof key"},
    {"proof_private_key", C::invalid_dpop_proof, "DPoP proof key contains private members"},
    {"proof_bad_signature", C::invalid_dpop_proof, "invalid DPoP proof signature"},
    {"proof_missing_claim", C::invalid_dpop_proof, "DPoP proof lacks a required claim"},
    {"proof_jti_too_long", C::invalid_dpop_proof, "DPoP proof jti too long"},
    {"proof_htm_mismatch", C::invalid_dpop_proof, "DPoP proof htm does not match"},
    {"proof_htu_mismatch", C::invalid_dpop_proof, "DPoP proof htu does not match"},
    {"proof_iat_out_of_window", C::invalid_dpop_proof, "DPoP proof iat out of range"},
    {"proof_ath_mismatch", C::invalid_dpop_proof, "DPoP proof ath does not match"},
    {"proof_jkt_mismatch", C::invalid_dpop_proof, "DPoP proof key is not bound to the token"},
    {"proof_nonce_invalid", C::use_dpop_nonce, "DPoP proof needs the server's current nonce"},
    {"proof_replay", C::invalid_dpop_proof, "DPoP proof replayed"},
    {"replay_cache_full", C::unavailable, "DPoP proof cannot be checked now"},
    {"insufficient_scope", C::insufficient_scope, "insufficient scope"},
    {"user_required", C::insufficient_scope, "a user token is required"},
    {"security_level_too_low", C::insufficient_scope, "security level too low"},
    {"machine_token_refused", C::insufficient_scope, "machine tokens are not allowed here"},
    {"attestation_required", C::insufficient_scope, "trust-framework attestation required"},
    {"purpose_of_use_required", C::insufficient_scope, "purpose of use required"},
    {"patient_mismatch", C::insufficient_scope, "attestation does not cover this patient"},
    {"purpose_of_use_system_invalid", C::insufficient_scope,
     "purpose of use must be in the HL7 PurposeOfUse code system"},
    {"emergency_access_disabled", C::insufficient_scope,
     "emergency access (ETREAT, BTG) is not enabled"},
    {"practitioner_mismatch", C::insufficient_scope,
     "attested practitioner is not the authenticated user"},
    {"patient_identifier_invalid", C::insufficient_scope,
     "attested patient needs an 11-digit national person identifier"},
}};

const ReasonInfo& info(FailureReason reason) { return kReasons[static_cast<std::size_t>(reason)]; }

}  // namespace

std::string_view reason_label(FailureReason reason) { return info(reason).label; }
Challenge challenge_of(FailureReason reason) { return info(reason).challenge; }
std::string_view client_description(FailureReason reason) { return info(reason).description; }

}  // namespace gateway::auth
