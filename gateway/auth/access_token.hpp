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
  bool has_cnf = false;  // a cnf claim is present (DPoP-bound or otherwise)
  std::string cnf_jkt;   // cnf.jkt, empty if absent
};

// Header (typ, alg, kid), signature with the issuer key, iss, aud, exp present, claims.
Result<VerifiedToken> verify_access_token(std::string_view token, const AccessTokenRules& rules,
                                          JwksStore& keys);

// exp and nbf against `now` with `skew` seconds of leeway either way.
Status check_token_lifetime(const VerifiedToken& token, std::int64_t now, std::int64_t skew);

// "scope" as a JSON array of strings or a space-separated string (RFC 9068).
std::vector<std::string> parse_scopes(const nlohmann::json& payload);

// "at+jwt", "JWT" or "application/at+jwt", compared case-insensitively (R2).
bool is_access_token_type(std::string_view typ);

}  // namespace gateway::auth
