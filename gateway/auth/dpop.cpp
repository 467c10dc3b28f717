// DPoP proof checks.
#include "auth/dpop.hpp"

#include <algorithm>

#include "auth/base64url.hpp"
#include "auth/htu.hpp"
#include "auth/jws.hpp"

namespace gateway::auth {

Status check_dpop_proof(const ProofContext& context, const ProofRules& rules, ReplayCache& replay,
                        ProofKeyCache* keys) {
  const auto jws = decode_jws(context.proof);
  if (!jws) return fail(FailureReason::malformed_proof, "not a JWS with JSON header and payload");

  // JSON-decoded, so "dpop\u002Bjwt" compares equal (P3).
  if (string_claim(jws->header, "typ") != "dpop+jwt") {
    return fail(FailureReason::proof_bad_type, "typ is not dpop+jwt");
  }
  const std::string alg_name = string_claim(jws->header, "alg").value_or("");
  const auto alg = parse_algorithm(alg_name);
  if (!alg || std::find(rules.algs.begin(), rules.algs.end(), *alg) == rules.algs.end()) {
    return fail(FailureReason::proof_alg_not_allowed, "alg " + alg_name);
  }
  const auto jwk_member = jws->header.find("jwk");
  if (jwk_member == jws->header.end()) return fail(FailureReason::proof_bad_jwk, "jwk missing");
  const JwkImport imported = import_public_jwk(*jwk_member, keys);
  if (!imported.jwk) {
    return fail(imported.error == JwkError::private_member ? FailureReason::proof_private_key
                                                           : FailureReason::proof_bad_jwk,
                imported.detail);
  }
  const PublicJwk& jwk = *imported.jwk;
  if (!key_fits_algorithm(jwk, *alg)) {
    return fail(FailureReason::proof_bad_jwk, "jwk does not fit " + alg_name);
  }
  if (!verify_signature(*alg, jwk, jws->signing_input, jws->signature)) {
    return fail(FailureReason::proof_bad_signature);
  }

  const auto& claims = jws->payload;
  const auto jti = string_claim(claims, "jti");
  const auto htm = string_claim(claims, "htm");
  const auto htu = string_claim(claims, "htu");
  const auto iat_member = claims.find("iat");
  const auto iat = iat_member == claims.end() ? std::nullopt : numeric_date(*iat_member);
  const auto ath = string_claim(claims, "ath");
  if (!jti || jti->empty()) return fail(FailureReason::proof_missing_claim, "jti");
  if (!htm) return fail(FailureReason::proof_missing_claim, "htm");
  if (!htu) return fail(FailureReason::proof_missing_claim, "htu");
  if (!iat) return fail(FailureReason::proof_missing_claim, "iat");
  if (!ath) return fail(FailureReason::proof_missing_claim, "ath");

  if (*htm != context.method) return fail(FailureReason::proof_htm_mismatch, "htm " + *htm);
  const auto normalized_htu = normalize_htu(*htu);
  if (!normalized_htu || *normalized_htu != context.expected_htu) {
    return fail(FailureReason::proof_htu_mismatch,
                "htu " + *htu + ", expected " + std::string(context.expected_htu));
  }
  if (*iat < context.now - rules.iat_past_seconds ||
      *iat > context.now + rules.iat_future_seconds) {
    return fail(FailureReason::proof_iat_out_of_window,
                "iat " + std::to_string(*iat) + ", now " + std::to_string(context.now));
  }
  if (!constant_time_equal(*ath, context.expected_ath)) {
    return fail(FailureReason::proof_ath_mismatch);
  }
  if (!constant_time_equal(jwk.thumbprint, context.expected_jkt)) {
    return fail(FailureReason::proof_jkt_mismatch, "proof key " + jwk.thumbprint);
  }

  // Kept until the proof can no longer pass the iat check, whatever the clock does.
  const std::int64_t expires_at = std::max(*iat, context.now) + rules.iat_past_seconds + 1;
  switch (replay.insert(jwk.thumbprint + ":" + *jti, expires_at, context.now)) {
    case ReplayCache::Insert::fresh:
      return {};
    case ReplayCache::Insert::replay:
      return fail(FailureReason::proof_replay, "jti " + *jti);
    case ReplayCache::Insert::full:
      return fail(FailureReason::replay_cache_full);
  }
  return fail(FailureReason::replay_cache_full);
}

}  // namespace gateway::auth
