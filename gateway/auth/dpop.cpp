// DPoP proof checks, read without a JSON DOM.
#include "auth/dpop.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "auth/base64url.hpp"
#include "auth/flat_json.hpp"
#include "auth/htu.hpp"
#include "auth/jwk.hpp"
#include "auth/jws.hpp"
#include "auth/signature_verifier.hpp"
#include "base/saturating.hpp"

namespace gateway::auth {
namespace {

// What a proof's protected header says.
struct ProofHeader {
  std::optional<std::string> typ;
  std::optional<std::string> alg;
  bool crit = false;
  bool jwk_present = false;
  bool jwk_is_object = false;
  JwkMembers jwk;
};

struct ProofClaims {
  std::optional<std::string> jti;
  std::optional<std::string> htm;
  std::optional<std::string> htu;
  std::optional<std::int64_t> iat;
  std::optional<std::string> ath;
  std::optional<std::string> nonce;
};

// The string members of a JWK land here; a member of another type stays empty, which the
// canonical form then refuses.
std::optional<ProofHeader> read_header(std::string_view text) {
  ProofHeader h;
  std::array<std::optional<std::string>, 9> jwk_text;
  std::array<bool, kPrivateJwkMembers.size()> private_members{};
  const std::array<JsonSlot, 4> members = {{
      {"typ", &h.typ},
      {"alg", &h.alg},
      {"crit", nullptr, nullptr, &h.crit},
      {"jwk", nullptr, nullptr, &h.jwk_present},
  }};
  constexpr std::array<std::string_view, 9> kPublicMembers = {"kty", "crv", "x",   "y",  "n",
                                                              "e",   "kid", "alg", "use"};
  std::array<JsonSlot, kPublicMembers.size() + kPrivateJwkMembers.size()> jwk_members{};
  for (std::size_t i = 0; i < kPublicMembers.size(); ++i) {
    jwk_members[i] = {kPublicMembers[i], &jwk_text[i]};
  }
  for (std::size_t i = 0; i < kPrivateJwkMembers.size(); ++i) {
    jwk_members[kPublicMembers.size() + i] = {kPrivateJwkMembers[i], nullptr, nullptr,
                                              &private_members[i]};
  }
  const FlatJsonShape shape{members, "jwk", jwk_members, &h.jwk_is_object};
  if (!read_flat_json(text, shape)) return std::nullopt;
  std::array<std::string*, 9> targets = {&h.jwk.kty, &h.jwk.crv, &h.jwk.x,   &h.jwk.y,  &h.jwk.n,
                                         &h.jwk.e,   &h.jwk.kid, &h.jwk.alg, &h.jwk.use};
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (jwk_text[i]) *targets[i] = std::move(*jwk_text[i]);
  }
  h.jwk.private_member =
      std::any_of(private_members.begin(), private_members.end(), [](bool b) { return b; });
  return h;
}

std::optional<ProofClaims> read_claims(std::string_view text) {
  ProofClaims c;
  const std::array<JsonSlot, 6> members = {{
      {"jti", &c.jti},
      {"htm", &c.htm},
      {"htu", &c.htu},
      {"iat", nullptr, &c.iat},
      {"ath", &c.ath},
      {"nonce", &c.nonce},
  }};
  if (!read_flat_json(text, FlatJsonShape{members, {}, {}, nullptr})) return std::nullopt;
  return c;
}

Failure with_jti(Failure failure, const std::optional<std::string>& jti) {
  if (jti) failure.proof_jti = *jti;
  return failure;
}

// The claims, in order of cost; the jti is known to be present and short.
Status check_claims(const ProofClaims& claims, const ProofContext& context,
                    const ProofRules& rules) {
  if (!claims.htm) return fail(FailureReason::proof_missing_claim, "htm");
  if (!claims.htu) return fail(FailureReason::proof_missing_claim, "htu");
  if (!claims.iat) return fail(FailureReason::proof_missing_claim, "iat");
  if (!claims.ath) return fail(FailureReason::proof_missing_claim, "ath");
  if (*claims.htm != context.method) return fail(FailureReason::proof_htm_mismatch);
  // The URL may hold patient identifiers: the detail never repeats it.
  const auto normalized_htu = normalize_htu(*claims.htu);
  if (!normalized_htu || *normalized_htu != context.expected_htu) {
    return fail(FailureReason::proof_htu_mismatch, "htu differs from the request URL");
  }
  if (*claims.iat < saturating_sub(context.now, rules.iat_past_seconds) ||
      *claims.iat > saturating_add(context.now, rules.iat_future_seconds)) {
    return fail(FailureReason::proof_iat_out_of_window,
                "iat " + std::to_string(*claims.iat) + ", now " + std::to_string(context.now));
  }
  if (!constant_time_equal(*claims.ath, context.expected_ath)) {
    return fail(FailureReason::proof_ath_mismatch);
  }
  return {};
}

struct CheckedHeader {
  ProofHeader header;
  Algorithm alg;
};

// Everything the protected header alone decides: typ, alg allow-list, crit, a public jwk that
// fits the alg.
Result<CheckedHeader> check_header(std::string_view segment, const ProofRules& rules) {
  const auto text = base64url_decode(segment);
  if (!text) return fail(FailureReason::malformed_proof, "header is not base64url");
  auto header = read_header(*text);
  if (!header) return fail(FailureReason::malformed_proof, "header is not one JSON object");
  // JSON-decoded, so "dpop\u002Bjwt" compares equal (P3).
  if (header->typ != "dpop+jwt") return fail(FailureReason::proof_bad_type, "typ is not dpop+jwt");
  const auto alg = parse_algorithm(header->alg.value_or(""));
  if (!alg || std::find(rules.algs.begin(), rules.algs.end(), *alg) == rules.algs.end()) {
    return fail(FailureReason::proof_alg_not_allowed,
                "alg " + header->alg.value_or("").substr(0, 20));
  }
  // RFC 7515 §4.1.11: extensions named in crit must be understood; we understand none.
  if (header->crit) return fail(FailureReason::proof_critical_header, "crit");
  if (!header->jwk_present || !header->jwk_is_object) {
    return fail(FailureReason::proof_bad_jwk, "jwk missing or not an object");
  }
  if (header->jwk.private_member) {
    return fail(FailureReason::proof_private_key, "jwk has a private member");
  }
  PublicJwk shape;
  shape.kty = header->jwk.kty;
  shape.crv = header->jwk.crv;
  shape.alg = header->jwk.alg;
  shape.use = header->jwk.use;
  if (!key_fits_algorithm(shape, *alg)) {
    return fail(FailureReason::proof_bad_jwk, "jwk does not fit the alg");
  }
  return CheckedHeader{std::move(*header), *alg};
}

// The proof key of a checked header, imported and prepared for its alg, once its thumbprint
// matches cnf.jkt.
Result<CachedProofKey> bound_key(const CheckedHeader& checked, std::string_view expected_jkt) {
  const auto canonical = canonical_jwk(checked.header.jwk);
  if (!canonical) return fail(FailureReason::proof_bad_jwk, "jwk lacks required members");
  std::string thumbprint = sha256_base64url(*canonical);
  if (!constant_time_equal(thumbprint, expected_jkt)) {
    return fail(FailureReason::proof_jkt_mismatch, "proof key " + thumbprint);
  }
  JwkImport imported = import_jwk_members(checked.header.jwk, thumbprint, kProofKeyLimits);
  if (!imported.jwk) {
    return fail(imported.error == JwkError::private_member ? FailureReason::proof_private_key
                                                           : FailureReason::proof_bad_jwk,
                imported.detail);
  }
  CachedProofKey key{std::move(thumbprint),
                     SignatureVerifier::prepare(checked.alg, imported.jwk->key)};
  if (!key.verifier) return fail(FailureReason::proof_bad_jwk, "cannot prepare the key");
  return key;
}

Result<CachedProofKey> bound_cached_key(CachedProofKey cached, std::string_view expected_jkt) {
  if (!constant_time_equal(cached.thumbprint, expected_jkt)) {
    return fail(FailureReason::proof_jkt_mismatch, "proof key " + cached.thumbprint);
  }
  return cached;
}

}  // namespace

Result<ProofCheck> check_dpop_proof(const ProofContext& context, const ProofRules& rules,
                                    ReplayCache& replay, ProofKeyCache* keys) {
  const auto parts = split_jws(context.proof);
  if (!parts) return fail(FailureReason::malformed_proof, "not a compact JWS");
  // Clients send the same header with every proof: one that passed before is in the cache
  // with its key, so it is neither decoded nor parsed, and its key neither hashed nor
  // imported, again. Any other header is checked first.
  std::optional<CachedProofKey> cached = keys ? keys->find(parts->header) : std::nullopt;
  std::optional<CheckedHeader> checked_header;
  if (!cached) {
    auto checked = check_header(parts->header, rules);
    if (!checked) return std::move(checked).take_error();
    checked_header = std::move(*checked);
  }

  const auto payload = base64url_decode(parts->payload);
  if (!payload) return fail(FailureReason::malformed_proof, "payload is not base64url");
  const auto claims = read_claims(*payload);
  if (!claims) return fail(FailureReason::malformed_proof, "payload is not one JSON object");
  if (!claims->jti || claims->jti->empty()) return fail(FailureReason::proof_missing_claim, "jti");
  if (claims->jti->size() > rules.max_jti_bytes) {
    return fail(FailureReason::proof_jti_too_long, std::to_string(claims->jti->size()) + " bytes");
  }
  if (auto checked = check_claims(*claims, context, rules); !checked) {
    return with_jti(checked.error(), claims->jti);
  }
  ProofCheck result;
  if (rules.nonces) {
    const auto nonce = rules.nonces->check(claims->nonce.value_or(""), context.now);
    if (nonce == DpopNonces::Check::invalid) {
      return with_jti(fail(FailureReason::proof_nonce_invalid,
                           claims->nonce ? "stale or unknown nonce" : "no nonce"),
                      claims->jti);
    }
    result.nonce_stale = nonce == DpopNonces::Check::previous;
  }

  Result<CachedProofKey> key = cached ? bound_cached_key(std::move(*cached), context.expected_jkt)
                                      : bound_key(*checked_header, context.expected_jkt);
  if (!key) return with_jti(key.error(), claims->jti);
  const auto signature = base64url_decode(parts->signature);
  if (!signature || !key->verifier->verify(parts->signing_input, *signature)) {
    return with_jti(fail(FailureReason::proof_bad_signature), claims->jti);
  }
  // Cached only once its key has signed: without the private key nobody can fill the cache
  // with variants of a header.
  if (!cached && keys) keys->store(std::string(parts->header), *key);

  // Kept until the proof can no longer pass the iat check, whatever the clock does.
  const std::int64_t expires_at =
      saturating_add(std::max(*claims->iat, context.now), rules.iat_past_seconds + 1);
  switch (replay.insert(key->thumbprint, *claims->jti, expires_at, context.now)) {
    case ReplayCache::Insert::fresh:
      return result;
    case ReplayCache::Insert::replay:
      return with_jti(fail(FailureReason::proof_replay), claims->jti);
    case ReplayCache::Insert::full:
      break;
  }
  return with_jti(fail(FailureReason::replay_cache_full), claims->jti);
}

}  // namespace gateway::auth
