// Public JWKs (RFC 7517): their members, the RFC 7638 thumbprint built from them as text,
// and import of RSA and EC public keys into OpenSSL. Keys with private members, and RSA keys
// outside the caller's size limits, are refused.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/algorithm.hpp"
#include "auth/openssl_handles.hpp"

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

// The members only a private JWK has (RFC 7518 §6.2.2, §6.3.2); a public key must have none.
inline constexpr std::array<std::string_view, 7> kPrivateJwkMembers = {"d",  "p",  "q",  "dp",
                                                                       "dq", "qi", "oth"};

// The members of a JWK as sent (base64url text, not decoded); absent ones are empty.
struct JwkMembers {
  std::string kty;
  std::string crv;
  std::string x;
  std::string y;
  std::string n;
  std::string e;
  std::string kid;
  std::string alg;
  std::string use;
  bool private_member = false;  // d, p, q, dp, dq, qi or oth is present
};

// Limits on the keys accepted. Issuer keys: RSA from 2048 bits. DPoP proof keys (clients
// choose them): RSA 2048 to 4096 bits with e = 65537, checked before anything is imported.
struct KeyLimits {
  int min_rsa_bits = kMinRsaBits;
  int max_rsa_bits = 0;  // 0: no upper limit
  bool rsa_f4_only = false;
};
inline constexpr KeyLimits kProofKeyLimits{kMinRsaBits, 4096, true};

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

// The members of a JSON object; nullopt if `jwk` is not an object.
std::optional<JwkMembers> jwk_members(const nlohmann::json& jwk);

// RFC 7638 §3.2: the required members, in lexicographic order, without whitespace, e.g.
// {"crv":"P-256","kty":"EC","x":"...","y":"..."}. Nullopt when one is missing, kty is not
// RSA or EC, or a value is not base64url (a JSON escape would then be needed).
std::optional<std::string> canonical_jwk(const JwkMembers& jwk);

// RFC 7638 thumbprint over the required members only; nullopt if they are missing.
std::optional<std::string> jwk_thumbprint(const nlohmann::json& jwk);

// Imports `jwk`, whose thumbprint the caller has computed, within `limits`.
JwkImport import_jwk_members(const JwkMembers& jwk, std::string thumbprint,
                             const KeyLimits& limits);

// Members, thumbprint and import of a JSON JWK (for JWKS documents and tests).
JwkImport import_public_jwk(const nlohmann::json& jwk, const KeyLimits& limits = {});

// The key type (and curve) can verify `alg`, and a present "alg" member agrees with it.
bool key_fits_algorithm(const PublicJwk& jwk, Algorithm alg);

}  // namespace gateway::auth
