// Signature and claim checks of HelseID access tokens.
#include "auth/access_token.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "auth/jws.hpp"
#include "auth/trust_framework.hpp"
#include "base/saturating.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

constexpr std::string_view kClaimPid = "helseid://claims/identity/pid";
constexpr std::string_view kClaimSecurityLevel = "helseid://claims/identity/security_level";
constexpr std::string_view kClaimHpr = "helseid://claims/hpr/hpr_number";
constexpr std::string_view kClaimClientName = "helseid://claims/client/client_name";
constexpr std::string_view kClaimOrgParent = "helseid://claims/client/claims/orgnr_parent";
constexpr std::string_view kClaimOrgChild = "helseid://claims/client/claims/orgnr_child";
constexpr std::string_view kClaimOrgSupplier = "helseid://claims/client/claims/orgnr_supplier";

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Status check_audience(const json& payload, const AccessTokenRules& rules) {
  const auto aud = payload.find("aud");
  if (aud == payload.end()) return fail(FailureReason::bad_audience, "aud missing");
  if (aud->is_string()) {
    if (aud->get_ref<const std::string&>() == rules.audience) return {};
    return fail(FailureReason::bad_audience, "aud " + aud->get<std::string>());
  }
  if (!aud->is_array()) return fail(FailureReason::bad_audience, "aud is neither string nor array");
  const bool contains = std::any_of(aud->begin(), aud->end(), [&](const json& v) {
    return v.is_string() && v.get_ref<const std::string&>() == rules.audience;
  });
  if (!contains) return fail(FailureReason::bad_audience, "aud array lacks " + rules.audience);
  if (rules.single_audience && aud->size() != 1) {
    return fail(FailureReason::multiple_audiences, std::to_string(aud->size()) + " audiences");
  }
  return {};
}

std::shared_ptr<Principal> principal_from(const json& payload) {
  auto p = std::make_shared<Principal>();
  p->client_id = string_claim(payload, "client_id").value_or("");
  p->client_name = string_claim(payload, kClaimClientName).value_or("");
  p->client_amr = string_claim(payload, "client_amr").value_or("");
  p->orgnr_parent = string_claim(payload, kClaimOrgParent).value_or("");
  p->orgnr_child = string_claim(payload, kClaimOrgChild).value_or("");
  p->orgnr_supplier = string_claim(payload, kClaimOrgSupplier).value_or("");
  p->pid = string_claim(payload, kClaimPid).value_or("");
  p->hpr_number = string_claim(payload, kClaimHpr).value_or("");
  p->security_level = string_claim(payload, kClaimSecurityLevel).value_or("");
  p->subject = string_claim(payload, "sub").value_or("");
  p->token_id = string_claim(payload, "jti").value_or("");
  p->scopes = parse_scopes(payload);
  AttestationParse attestation = find_attestation(payload);
  p->attestation = std::move(attestation.attestation);
  p->attestation_problem = std::move(attestation.problem);
  return p;
}

}  // namespace

bool is_access_token_type(std::string_view typ) {
  return iequals(typ, "at+jwt") || iequals(typ, "JWT") || iequals(typ, "application/at+jwt");
}

std::vector<std::string> parse_scopes(const json& payload) {
  std::vector<std::string> scopes;
  const auto scope = payload.find("scope");
  if (scope == payload.end()) return scopes;
  if (scope->is_array()) {
    for (const auto& item : *scope) {
      if (item.is_string() && !item.get_ref<const std::string&>().empty()) {
        scopes.push_back(item.get<std::string>());
      }
    }
  } else if (scope->is_string()) {
    const std::string& text = scope->get_ref<const std::string&>();
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t end = std::min(text.find(' ', pos), text.size());
      if (end > pos) scopes.push_back(text.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  return scopes;
}

namespace {

Result<VerifiedToken> verify_signed_token(std::string_view token, const AccessTokenRules& rules,
                                          JwksStore& keys, std::string& kid_seen) {
  if (count_segments(token) == 4) return fail(FailureReason::encrypted_token, "JWE");
  auto jws = decode_jws(token);
  if (!jws) return fail(FailureReason::malformed_token, "not a JWS with JSON header and payload");

  const auto typ = string_claim(jws->header, "typ");
  if (!typ || !is_access_token_type(*typ)) {
    return fail(FailureReason::bad_token_type, "typ " + typ.value_or("<missing>"));
  }
  const auto alg_name = string_claim(jws->header, "alg").value_or("");
  const auto alg = parse_algorithm(alg_name);
  if (!alg || std::find(rules.algs.begin(), rules.algs.end(), *alg) == rules.algs.end()) {
    return fail(FailureReason::alg_not_allowed, "alg " + alg_name);
  }
  if (jws->header.contains("crit")) return fail(FailureReason::malformed_token, "crit header");
  const auto kid = string_claim(jws->header, "kid");
  if (!kid || kid->empty()) return fail(FailureReason::unknown_kid, "kid missing");
  kid_seen = kid->substr(0, 128);
  // jwk, jku, x5u and x5c in an access-token header are ignored on purpose (P1).
  const JwksStore::Lookup found = keys.find(*kid);
  if (!found.key) {
    if (!found.any_keys) return fail(FailureReason::keys_unavailable, "no JWKS loaded");
    return fail(FailureReason::unknown_kid);
  }
  if (!key_fits_algorithm(*found.key, *alg)) {
    return fail(FailureReason::key_mismatch, "the key cannot verify " + alg_name);
  }
  if (!verify_signature(*alg, *found.key, jws->signing_input, jws->signature)) {
    return fail(FailureReason::bad_signature);
  }

  const json& payload = jws->payload;
  const auto iss = string_claim(payload, "iss");
  if (!iss || *iss != rules.issuer) {
    return fail(FailureReason::bad_issuer, "iss " + iss.value_or("<missing>"));
  }
  if (auto audience = check_audience(payload, rules); !audience) return audience.error();

  VerifiedToken out;
  const auto exp = payload.find("exp");
  const auto exp_value = exp == payload.end() ? std::nullopt : numeric_date(*exp);
  if (!exp_value) return fail(FailureReason::missing_expiry, "exp missing or not a number");
  out.expires_at = *exp_value;
  if (const auto nbf = payload.find("nbf"); nbf != payload.end()) {
    out.not_before = numeric_date(*nbf);
    if (!out.not_before) return fail(FailureReason::malformed_token, "nbf not a number");
  }
  if (const auto iat = payload.find("iat"); iat != payload.end()) {
    out.issued_at = numeric_date(*iat);
    if (!out.issued_at) return fail(FailureReason::malformed_token, "iat not a number");
  }
  if (const auto cnf = payload.find("cnf"); cnf != payload.end()) {
    out.has_cnf = true;
    if (cnf->is_object()) out.cnf_jkt = string_claim(*cnf, "jkt").value_or("");
  }
  if (!string_claim(payload, "client_id")) {
    return fail(FailureReason::malformed_token, "client_id missing");
  }
  auto principal = principal_from(payload);
  principal->expires_at = out.expires_at;
  principal->dpop_jkt = out.cnf_jkt;
  principal->token_kid = kid_seen;
  out.principal = std::move(principal);
  return out;
}

}  // namespace

Result<VerifiedToken> verify_access_token(std::string_view token, const AccessTokenRules& rules,
                                          JwksStore& keys) {
  std::string kid;
  auto verified = verify_signed_token(token, rules, keys, kid);
  if (!verified) {
    Failure failure = std::move(verified).take_error();
    failure.kid = std::move(kid);
    return failure;
  }
  return verified;
}

Status check_token_lifetime(const VerifiedToken& token, std::int64_t now,
                            const LifetimeRules& rules) {
  const std::int64_t skew = rules.skew_seconds;
  if (now >= saturating_add(token.expires_at, skew)) {
    return fail(FailureReason::expired,
                "exp " + std::to_string(token.expires_at) + ", now " + std::to_string(now));
  }
  if (token.not_before && now < saturating_sub(*token.not_before, skew)) {
    return fail(FailureReason::not_yet_valid,
                "nbf " + std::to_string(*token.not_before) + ", now " + std::to_string(now));
  }
  if (token.issued_at && *token.issued_at > saturating_add(now, skew)) {
    return fail(FailureReason::issued_in_future,
                "iat " + std::to_string(*token.issued_at) + ", now " + std::to_string(now));
  }
  const std::int64_t start = token.issued_at.value_or(now);
  if (saturating_sub(token.expires_at, start) > saturating_add(rules.max_lifetime_seconds, skew)) {
    return fail(FailureReason::lifetime_too_long,
                "exp - " + std::string(token.issued_at ? "iat" : "now") + " = " +
                    std::to_string(saturating_sub(token.expires_at, start)) + " s");
  }
  return {};
}

}  // namespace gateway::auth
