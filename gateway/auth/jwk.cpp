// Imports RSA and EC public JWKs with OpenSSL 3 EVP_PKEY_fromdata and computes thumbprints.
#include "auth/jwk.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <openssl/core_names.h>

#include "auth/base64url.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

constexpr std::string_view kExponentF4 = "AQAB";  // 65537, the only exponent proofs may use

std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool is_base64url_text(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string quoted_member(std::string_view name, std::string_view value) {
  std::string out;
  out.reserve(name.size() + value.size() + 6);
  out.append("\"").append(name).append("\":\"").append(value).append("\"");
  return out;
}

PkeyPtr key_from_params(const char* type, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) <=
          0) {
    return nullptr;
  }
  return PkeyPtr(raw);
}

JwkImport failure(JwkError error, std::string detail) {
  JwkImport result;
  result.error = error;
  result.detail = std::move(detail);
  return result;
}

JwkImport success(PublicJwk out, PkeyPtr key) {
  out.key = share(std::move(key));
  JwkImport result;
  result.jwk = std::move(out);
  return result;
}

// Bits of a big-endian modulus without leading zero bytes.
int modulus_bits(std::string_view n) {
  int top_bits = 0;
  for (auto byte = static_cast<unsigned char>(n[0]); byte != 0; byte >>= 1) ++top_bits;
  return static_cast<int>(8 * (n.size() - 1)) + top_bits;
}

JwkImport import_rsa(const JwkMembers& jwk, PublicJwk out, const KeyLimits& limits) {
  // The cheap checks first: sizes and exponent before any big-number work.
  if (limits.rsa_f4_only && jwk.e != kExponentF4) {
    return failure(JwkError::unsupported, "RSA exponent is not 65537");
  }
  const auto n = base64url_decode(jwk.n);
  const auto e = base64url_decode(jwk.e);
  if (!n || !e || n->empty() || e->empty()) {
    return failure(JwkError::invalid, "RSA JWK needs base64url n and e");
  }
  if (e->size() > 8 || (*n)[0] == '\0') {
    return failure(JwkError::invalid, "RSA JWK n has leading zero or e is too large");
  }
  const int bits = modulus_bits(*n);
  if (bits < limits.min_rsa_bits || (limits.max_rsa_bits > 0 && bits > limits.max_rsa_bits)) {
    return failure(JwkError::unsupported, "RSA key of " + std::to_string(bits) + " bits");
  }
  BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                           static_cast<int>(n->size()), nullptr));
  BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                           static_cast<int>(e->size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return failure(JwkError::invalid, "cannot build RSA parameters");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyPtr key = params ? key_from_params("RSA", params.get()) : nullptr;
  if (!key) return failure(JwkError::invalid, "OpenSSL refused the RSA key");
  return success(std::move(out), std::move(key));
}

JwkImport import_ec(const JwkMembers& jwk, PublicJwk out) {
  const EcCurve* curve = find_curve(out.crv);
  if (!curve) return failure(JwkError::unsupported, "unsupported EC curve");
  const auto x = base64url_decode(jwk.x);
  const auto y = base64url_decode(jwk.y);
  if (!x || !y || x->size() != curve->coordinate_bytes || y->size() != curve->coordinate_bytes) {
    return failure(JwkError::invalid, "EC JWK x/y missing or of wrong length");
  }
  std::string point = "\x04" + *x + *y;
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->openssl_name,
                                       0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    return failure(JwkError::invalid, "cannot build EC parameters");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyPtr key = params ? key_from_params("EC", params.get()) : nullptr;
  if (!key) return failure(JwkError::invalid, "OpenSSL refused the EC point");
  return success(std::move(out), std::move(key));
}

}  // namespace

std::optional<JwkMembers> jwk_members(const json& jwk) {
  if (!jwk.is_object()) return std::nullopt;
  JwkMembers out;
  out.kty = string_member(jwk, "kty");
  out.crv = string_member(jwk, "crv");
  out.x = string_member(jwk, "x");
  out.y = string_member(jwk, "y");
  out.n = string_member(jwk, "n");
  out.e = string_member(jwk, "e");
  out.kid = string_member(jwk, "kid");
  out.alg = string_member(jwk, "alg");
  out.use = string_member(jwk, "use");
  out.private_member = std::any_of(kPrivateJwkMembers.begin(), kPrivateJwkMembers.end(),
                                   [&](std::string_view name) { return jwk.contains(name); });
  return out;
}

std::optional<std::string> canonical_jwk(const JwkMembers& jwk) {
  if (jwk.kty == "RSA") {
    if (!is_base64url_text(jwk.e) || !is_base64url_text(jwk.n)) return std::nullopt;
    return "{" + quoted_member("e", jwk.e) + "," + quoted_member("kty", "RSA") + "," +
           quoted_member("n", jwk.n) + "}";
  }
  if (jwk.kty == "EC") {
    if (!find_curve(jwk.crv) || !is_base64url_text(jwk.x) || !is_base64url_text(jwk.y)) {
      return std::nullopt;
    }
    return "{" + quoted_member("crv", jwk.crv) + "," + quoted_member("kty", "EC") + "," +
           quoted_member("x", jwk.x) + "," + quoted_member("y", jwk.y) + "}";
  }
  return std::nullopt;
}

std::optional<std::string> jwk_thumbprint(const json& jwk) {
  const auto members = jwk_members(jwk);
  if (!members) return std::nullopt;
  const auto canonical = canonical_jwk(*members);
  if (!canonical) return std::nullopt;
  return sha256_base64url(*canonical);
}

JwkImport import_jwk_members(const JwkMembers& jwk, std::string thumbprint,
                             const KeyLimits& limits) {
  if (jwk.private_member) return failure(JwkError::private_member, "JWK has a private member");
  PublicJwk out;
  out.kty = jwk.kty;
  out.crv = jwk.crv;
  out.kid = jwk.kid;
  out.alg = jwk.alg;
  out.use = jwk.use;
  out.thumbprint = std::move(thumbprint);
  if (jwk.kty == "RSA") return import_rsa(jwk, std::move(out), limits);
  if (jwk.kty == "EC") return import_ec(jwk, std::move(out));
  return failure(JwkError::unsupported, "unsupported kty");
}

JwkImport import_public_jwk(const json& jwk, const KeyLimits& limits) {
  const auto members = jwk_members(jwk);
  if (!members) return failure(JwkError::not_an_object, "JWK is not a JSON object");
  if (members->private_member) {
    return failure(JwkError::private_member, "JWK contains a private member");
  }
  const auto canonical = canonical_jwk(*members);
  if (!canonical) return failure(JwkError::invalid, "JWK lacks required members");
  return import_jwk_members(*members, sha256_base64url(*canonical), limits);
}

bool key_fits_algorithm(const PublicJwk& jwk, Algorithm alg) {
  if (!jwk.alg.empty() && jwk.alg != algorithm_name(alg)) return false;
  if (!jwk.use.empty() && jwk.use != "sig") return false;
  if (is_ecdsa(alg)) return jwk.kty == "EC" && jwk.crv == curve_of(alg);
  return jwk.kty == "RSA";
}

namespace {
constexpr std::array<EcCurve, 3> kCurves = {{
    {"P-256", "prime256v1", 32},
    {"P-384", "secp384r1", 48},
    {"P-521", "secp521r1", 66},
}};
}  // namespace

const EcCurve* find_curve(std::string_view jwk_name) {
  for (const auto& c : kCurves) {
    if (c.jwk_name == jwk_name) return &c;
  }
  return nullptr;
}

const EcCurve* find_curve_by_openssl_name(std::string_view openssl_name) {
  for (const auto& c : kCurves) {
    if (openssl_name == c.openssl_name) return &c;
  }
  return nullptr;
}

}  // namespace gateway::auth
