// Imports RSA and EC public JWKs with OpenSSL 3 EVP_PKEY_fromdata and computes thumbprints.
#include "auth/jwk.hpp"

#include <array>
#include <string_view>

#include <openssl/core_names.h>

#include "auth/base64url.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> kPrivateMembers = {"d",  "p",  "q",  "dp",
                                                             "dq", "qi", "oth"};

std::optional<std::string> string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::string> decoded_member(const json& object, const char* name) {
  const auto text = string_member(object, name);
  if (!text || text->empty()) return std::nullopt;
  return base64url_decode(*text);
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

JwkImport import_rsa(const json& jwk, PublicJwk out) {
  const auto n = decoded_member(jwk, "n");
  const auto e = decoded_member(jwk, "e");
  if (!n || !e) return failure(JwkError::invalid, "RSA JWK needs base64url n and e");
  if (e->size() > 8 || (*n)[0] == '\0') {
    return failure(JwkError::invalid, "RSA JWK n has leading zero or e is too large");
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
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    return failure(JwkError::unsupported, "RSA key shorter than 2048 bits");
  }
  out.key = share(std::move(key));
  JwkImport result;
  result.jwk = std::move(out);
  return result;
}

JwkImport import_ec(const json& jwk, PublicJwk out) {
  const EcCurve* curve = find_curve(out.crv);
  if (!curve) return failure(JwkError::unsupported, "unsupported EC curve");
  const auto x = decoded_member(jwk, "x");
  const auto y = decoded_member(jwk, "y");
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
  out.key = share(std::move(key));
  JwkImport result;
  result.jwk = std::move(out);
  return result;
}

}  // namespace

std::optional<std::string> jwk_thumbprint(const json& jwk) {
  if (!jwk.is_object()) return std::nullopt;
  const auto kty = string_member(jwk, "kty");
  if (!kty) return std::nullopt;
  // nlohmann::json keeps object members sorted and dump() emits no whitespace: exactly
  // the canonical form RFC 7638 §3.2 asks for.
  json canonical = json::object();
  canonical["kty"] = *kty;
  std::array<const char*, 3> members{};
  if (*kty == "RSA") {
    members = {"e", "n", nullptr};
  } else if (*kty == "EC") {
    members = {"crv", "x", "y"};
  } else {
    return std::nullopt;
  }
  for (const char* name : members) {
    if (!name) continue;
    const auto value = string_member(jwk, name);
    if (!value) return std::nullopt;
    canonical[name] = *value;
  }
  return sha256_base64url(canonical.dump());
}

JwkImport import_public_jwk(const json& jwk, ProofKeyCache* cache) {
  if (!jwk.is_object()) return failure(JwkError::not_an_object, "JWK is not a JSON object");
  for (const auto member : kPrivateMembers) {
    if (jwk.contains(member)) {
      return failure(JwkError::private_member,
                     "JWK contains private member " + std::string(member));
    }
  }
  PublicJwk out;
  out.kty = string_member(jwk, "kty").value_or("");
  out.crv = string_member(jwk, "crv").value_or("");
  out.kid = string_member(jwk, "kid").value_or("");
  out.alg = string_member(jwk, "alg").value_or("");
  out.use = string_member(jwk, "use").value_or("");
  const auto thumbprint = jwk_thumbprint(jwk);
  if (!thumbprint) return failure(JwkError::invalid, "JWK lacks required members");
  out.thumbprint = *thumbprint;
  if (cache) {
    if (SharedPkey known = cache->find(out.thumbprint)) {
      out.key = std::move(known);
      JwkImport result;
      result.jwk = std::move(out);
      return result;
    }
  }
  JwkImport result = out.kty == "RSA"  ? import_rsa(jwk, std::move(out))
                     : out.kty == "EC" ? import_ec(jwk, std::move(out))
                                       : failure(JwkError::unsupported, "unsupported kty");
  if (cache && result.jwk) cache->store(result.jwk->thumbprint, result.jwk->key);
  return result;
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
