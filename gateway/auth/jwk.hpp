// Public JWKs (RFC 7517): import of RSA and EC public keys into OpenSSL, and the RFC 7638
// thumbprint. Keys with private members and RSA keys under 2048 bits are refused.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/algorithm.hpp"
#include "auth/openssl_handles.hpp"
#include "auth/proof_key_cache.hpp"

namespace gateway::auth {

// The EC curves JWS uses: JWK name, OpenSSL group name, coordinate size.
struct EcCurve {
  std::string_view jwk_name;  // "P-256"
  const char* openssl_name;   // "prime256v1"
  std::size_t coordinate_bytes;
};
const EcCurve* find_curve(std::string_view jwk_name);  // nullptr if unsupported
const EcCurve* find_curve_by_openssl_name(std::string_view openssl_name);

inline constexpr int kMinRsaBits = 2048;

struct PublicJwk {
  SharedPkey key;
  std::string kty;         // "RSA" or "EC"
  std::string crv;         // EC only: "P-256", "P-384", "P-521"
  std::string kid;         // may be empty
  std::string alg;         // optional "alg" member, may be empty
  std::string use;         // optional "use" member, may be empty
  std::string thumbprint;  // RFC 7638, base64url SHA-256
};

enum class JwkError { not_an_object, private_member, unsupported, invalid };

struct JwkImport {
  std::optional<PublicJwk> jwk;
  JwkError error = JwkError::invalid;
  std::string detail;  // for the log
};

// With a cache, a key whose thumbprint is cached is taken from it, and new keys are added.
JwkImport import_public_jwk(const nlohmann::json& jwk, ProofKeyCache* cache = nullptr);

// RFC 7638 thumbprint over the required members only; nullopt if they are missing.
std::optional<std::string> jwk_thumbprint(const nlohmann::json& jwk);

// The key type (and curve) can verify `alg`, and a present "alg" member agrees with it.
bool key_fits_algorithm(const PublicJwk& jwk, Algorithm alg);

}  // namespace gateway::auth
