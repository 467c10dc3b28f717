// DPoP proof validation (RFC 9449 §4.3 and NHN's API-side checklist): typ, asymmetric
// allow-listed alg, public-only jwk fitting the alg, signature, jti, htm, htu, iat window,
// ath, binding to cnf.jkt, and single use.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "auth/algorithm.hpp"
#include "auth/failure.hpp"
#include "auth/proof_key_cache.hpp"
#include "auth/replay_cache.hpp"

namespace gateway::auth {

struct ProofRules {
  std::vector<Algorithm> algs;
  std::int64_t iat_past_seconds = 10;   // oldest accepted iat: now - past
  std::int64_t iat_future_seconds = 5;  // newest accepted iat: now + future
};

struct ProofContext {
  std::string_view proof;         // the DPoP header value
  std::string_view method;        // request method, compared case-sensitively
  std::string_view expected_htu;  // normalize_htu() form of the URL the client called
  std::string_view expected_ath;  // base64url(SHA-256(access token exactly as received))
  std::string_view expected_jkt;  // cnf.jkt of the access token
  std::int64_t now = 0;
};

// Checks everything; records the proof in `replay` only when all other checks pass.
// `keys`, if given, saves re-importing a client's key on every request.
Status check_dpop_proof(const ProofContext& context, const ProofRules& rules, ReplayCache& replay,
                        ProofKeyCache* keys = nullptr);

}  // namespace gateway::auth
