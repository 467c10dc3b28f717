// The trust layer's settings and their parsing.
#include "auth/config.hpp"

#include <fstream>
#include <sstream>

#include "auth/htu.hpp"

namespace gateway::auth {
namespace {

std::vector<Algorithm> algorithms(ops::SettingsReader& reader, const char* key,
                                  const std::vector<Algorithm>& fallback) {
  if (!reader.has(key)) return fallback;
  const auto parsed = parse_algorithm_list(reader.text(key));
  if (!parsed) {
    reader.add_error(std::string(key) +
                     ": expected names from RS256 RS384 RS512 PS256 PS384 "
                     "PS512 ES256 ES384 ES512");
    return fallback;
  }
  return *parsed;
}

std::string scope_or(ops::SettingsReader& reader, const char* key, const std::string& audience,
                     const char* suffix) {
  return reader.text(key, audience.empty() ? std::string() : audience + suffix);
}

std::string read_secret_file(ops::SettingsReader& reader, const char* key) {
  const std::string path = reader.text(key);
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (!in || secret.size() < 16) {
    reader.add_error(std::string(key) + ": cannot read at least 16 bytes of secret from the file");
    return {};
  }
  return secret;
}

}  // namespace

std::vector<ops::SettingSpec> auth_setting_specs() {
  return {
      {"issuer", "",
       "Trusted token issuer, exact (e.g. https://helseid-sts.nhn.no); needed unless test_issuer"},
      {"audience", "", "This API's audience in HelseID (e.g. nhn:fhir-gateway)"},
      {"jwks", "", "Issuer keys: JWKS file, https jwks_uri or https discovery document URL"},
      {"public_url", "",
       "External base URL clients call, used for DPoP htu (e.g. https://fhir.example.no)"},
      {"allowed_algs", "RS256", "Access-token signature algorithms (RS256 PS256 ES256 ...)"},
      {"dpop_algs", "ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512",
       "DPoP proof algorithms"},
      {"single_audience", "true", "Refuse tokens with more than one audience"},
      {"clock_skew_seconds", "5", "Leeway for exp and nbf"},
      {"dpop_iat_past_seconds", "10", "Oldest accepted DPoP proof iat, seconds before now"},
      {"dpop_iat_future_seconds", "5", "Newest accepted DPoP proof iat, seconds after now"},
      {"jwks_ttl_seconds", "86400", "How long fetched keys are trusted before a refresh"},
      {"jwks_refresh_interval_seconds", "60",
       "Minimum time between JWKS refreshes for unknown kids, and between retries of a failed "
       "fetch"},
      {"jwks_refresh_seconds", "3600",
       "Background JWKS refresh period (at most jwks_ttl_seconds); requests never wait for it"},
      {"jwks_fetch_timeout_ms", "5000", "Time limit of one JWKS fetch, discovery included"},
      {"jwks_withdrawal_grace_seconds", "0",
       "How long a key the issuer removed from its JWKS still verifies after the fetch that "
       "saw it gone"},
      {"max_token_lifetime_seconds", "3600", "Longest accepted access-token lifetime (exp - iat)"},
      {"max_jti_bytes", "256", "Longest accepted DPoP proof jti"},
      {"dpop_nonce", "false", "Issue DPoP-Nonce values and require them in proofs (RFC 9449 §8)"},
      {"dpop_nonce_rotation_seconds", "300", "How often the DPoP nonce changes"},
      {"dpop_nonce_secret_file", "",
       "File with the secret DPoP nonces derive from, the same for every replica (empty: a "
       "random secret per process)"},
      {"dpop_required", "true", "Require DPoP on every route (false: Bearer also accepted)"},
      {"bearer_routes", "", "Route patterns that also accept Bearer tokens, comma-separated"},
      {"scope_read", "", "Scope granting reads and searches (default <audience>/read)"},
      {"scope_write", "", "Scope granting writes (default <audience>/write)"},
      {"scope_admin", "", "Scope granting admin operations (default <audience>/admin)"},
      {"scope_audit", "", "Scope granting the whole access log (default <audience>/audit)"},
      {"scope_citizen", "",
       "Scope of a patient's own token: their access log (default <audience>/citizen)"},
      {"scope_audit_admin", "",
       "Scope granting erasure of audit records (default <audience>/audit-admin)"},
      {"scope_privacy", "",
       "Scope granting the privacy registry, Consent (default <audience>/privacy)"},
      {"smart_scopes", "false",
       "Also accept SMART v2 scopes such as system/*.rs (patient/ scopes: that patient only)"},
      {"min_security_level", "4", "Minimum HelseID security level for patient data"},
      {"grunndata_machine_read", "true", "Machine tokens may read medication grunndata"},
      {"require_attestation", "true", "Patient data needs a trust-framework attestation"},
      {"emergency_access", "true",
       "Attested purposes of use ETREAT and BTG (emergency access) are accepted for patient data"},
      {"max_token_bytes", "16384", "Largest accepted access token"},
      {"signature_cache_entries", "10000", "Verified tokens kept in memory (0 disables)"},
      {"proof_key_cache_entries", "10000", "Imported DPoP client keys kept in memory (0 disables)"},
      {"replay_cache_entries", "262144",
       "DPoP proofs remembered for replay detection (72 bytes each, allocated at start)"},
  };
}

AuthConfig load_auth_config(ops::SettingsReader& reader) {
  AuthConfig c;
  c.issuer = reader.text("issuer");
  c.audience = reader.text("audience");
  c.jwks = reader.text("jwks");
  c.public_url = reader.text("public_url");
  const bool any_trust = !c.issuer.empty() || !c.audience.empty() || !c.jwks.empty();
  if (any_trust && (c.issuer.empty() || c.audience.empty() || c.jwks.empty())) {
    reader.add_error("issuer, audience and jwks must be configured together");
  }
  if (!c.public_url.empty() && !normalize_htu(c.public_url)) {
    reader.add_error("public_url: '" + c.public_url + "' is not an absolute http(s) URL");
  }
  c.token_algs = algorithms(reader, "allowed_algs", c.token_algs);
  c.proof_algs = algorithms(reader, "dpop_algs", c.proof_algs);
  c.single_audience = reader.boolean("single_audience", c.single_audience);
  c.clock_skew_seconds = reader.integer("clock_skew_seconds", c.clock_skew_seconds, 0, 300);
  c.dpop_iat_past_seconds =
      reader.integer("dpop_iat_past_seconds", c.dpop_iat_past_seconds, 0, 600);
  c.dpop_iat_future_seconds =
      reader.integer("dpop_iat_future_seconds", c.dpop_iat_future_seconds, 0, 600);
  c.jwks_ttl_seconds = reader.integer("jwks_ttl_seconds", c.jwks_ttl_seconds, 60, 7 * 86400);
  c.jwks_refresh_interval_seconds =
      reader.integer("jwks_refresh_interval_seconds", c.jwks_refresh_interval_seconds, 1, 3600);
  c.jwks_refresh_seconds =
      reader.integer("jwks_refresh_seconds", c.jwks_refresh_seconds, 60, 7 * 86400);
  c.jwks_fetch_timeout_ms =
      reader.integer("jwks_fetch_timeout_ms", c.jwks_fetch_timeout_ms, 100, 60000);
  c.jwks_withdrawal_grace_seconds =
      reader.integer("jwks_withdrawal_grace_seconds", c.jwks_withdrawal_grace_seconds, 0, 3600);
  c.max_token_lifetime_seconds =
      reader.integer("max_token_lifetime_seconds", c.max_token_lifetime_seconds, 60, 86400);
  c.max_jti_bytes = static_cast<std::size_t>(
      reader.integer("max_jti_bytes", static_cast<std::int64_t>(c.max_jti_bytes), 16, 4096));
  c.dpop_nonce = reader.boolean("dpop_nonce", c.dpop_nonce);
  c.dpop_nonce_rotation_seconds =
      reader.integer("dpop_nonce_rotation_seconds", c.dpop_nonce_rotation_seconds, 10, 86400);
  c.dpop_nonce_secret = read_secret_file(reader, "dpop_nonce_secret_file");
  c.dpop_required = reader.boolean("dpop_required", c.dpop_required);
  c.bearer_routes = reader.list("bearer_routes");
  c.policy.scopes.read = scope_or(reader, "scope_read", c.audience, "/read");
  c.policy.scopes.write = scope_or(reader, "scope_write", c.audience, "/write");
  c.policy.scopes.admin = scope_or(reader, "scope_admin", c.audience, "/admin");
  c.policy.scopes.audit = scope_or(reader, "scope_audit", c.audience, "/audit");
  c.policy.scopes.citizen = scope_or(reader, "scope_citizen", c.audience, "/citizen");
  c.policy.scopes.audit_admin = scope_or(reader, "scope_audit_admin", c.audience, "/audit-admin");
  c.policy.scopes.privacy = scope_or(reader, "scope_privacy", c.audience, "/privacy");
  c.policy.scopes.smart = reader.boolean("smart_scopes", c.policy.scopes.smart);
  c.policy.min_security_level =
      static_cast<int>(reader.integer("min_security_level", c.policy.min_security_level, 1, 4));
  c.policy.grunndata_machine_read =
      reader.boolean("grunndata_machine_read", c.policy.grunndata_machine_read);
  c.policy.require_attestation =
      reader.boolean("require_attestation", c.policy.require_attestation);
  c.policy.allow_emergency_access =
      reader.boolean("emergency_access", c.policy.allow_emergency_access);
  c.max_token_bytes = static_cast<std::size_t>(
      reader.integer("max_token_bytes", static_cast<std::int64_t>(c.max_token_bytes), 1024, 65536));
  c.signature_cache_entries = static_cast<std::size_t>(
      reader.integer("signature_cache_entries",
                     static_cast<std::int64_t>(c.signature_cache_entries), 0, 10000000));
  c.proof_key_cache_entries = static_cast<std::size_t>(reader.integer(
      "proof_key_cache_entries", static_cast<std::int64_t>(c.proof_key_cache_entries), 0, 1000000));
  c.replay_cache_entries = static_cast<std::size_t>(reader.integer(
      "replay_cache_entries", static_cast<std::int64_t>(c.replay_cache_entries), 1024, 16777216));
  return c;
}

}  // namespace gateway::auth
