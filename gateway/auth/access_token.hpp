// Access-token validation per NHN's rules R1-R9 (reference §2.1 steps 2-8): the parts that
// depend only on the token and the issuer's keys, and the lifetime check that depends on
// the clock. The result can therefore be cached until the token expires.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/algorithm.hpp"
#include "auth/failure.hpp"
#include "auth/jwks_store.hpp"
#include "auth/principal.hpp"

namespace gateway::auth {

struct AccessTokenRules {
  std::string issuer;
  std::string audience;
  std::vector<Algorithm> algs;  // fixed by configuration
  bool single_audience = true;
};

struct VerifiedToken {
  std::shared_ptr<const Principal> principal;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> not_before;
  std::optional<std::int64_t> issued_at;
  bool has_cnf = false;  // a cnf claim is present (DPoP-bound or otherwise)
  std::string cnf_jkt;   // cnf.jkt, empty if absent
  std::string ath;       // base64url(SHA-256(token)): what its DPoP proofs must carry
};

struct LifetimeRules {
  std::int64_t skew_seconds = 5;             // leeway for exp, nbf and iat, either way
  std::int64_t max_lifetime_seconds = 3600;  // exp - iat (exp - now without iat)
};

// Header (typ, alg, kid), signature with the issuer key, iss, aud, exp present, claims.
// A failure carries the kid when the header named one.
Result<VerifiedToken> verify_access_token(std::string_view token, const AccessTokenRules& rules,
                                          JwksStore& keys);

// exp, nbf and iat against `now`, and the lifetime; all arithmetic saturates, so no value in
// a token can overflow it.
Status check_token_lifetime(const VerifiedToken& token, std::int64_t now,
                            const LifetimeRules& rules);

// "scope" as a JSON array of strings or a space-separated string (RFC 9068).
std::vector<std::string> parse_scopes(const nlohmann::json& payload);

// "at+jwt", "JWT" or "application/at+jwt", compared case-insensitively (R2).
bool is_access_token_type(std::string_view typ);

}  // namespace gateway::auth
