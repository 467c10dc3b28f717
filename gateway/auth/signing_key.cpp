// Test signing keys on OpenSSL 3.
#include "auth/signing_key.hpp"

#include <array>
#include <memory>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "auth/base64url.hpp"
#include "auth/jwk.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

std::string bn_param(const EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return {};
  BignumPtr bn(raw);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return bytes;
}

std::optional<std::string> der_to_raw(std::string_view der, std::size_t half) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * half, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, static_cast<int>(half)) < 0 ||
      BN_bn2binpad(s, out + half, static_cast<int>(half)) < 0) {
    return std::nullopt;
  }
  return raw;
}

}  // namespace

std::optional<SigningKey> SigningKey::generate_rsa(int bits) {
  PkeyPtr key(EVP_RSA_gen(static_cast<unsigned int>(bits)));
  if (!key) return std::nullopt;
  return SigningKey(share(std::move(key)));
}

std::optional<SigningKey> SigningKey::generate_ec(std::string_view crv) {
  const EcCurve* curve = find_curve(crv);
  if (!curve) return std::nullopt;
  PkeyPtr key(EVP_EC_gen(curve->openssl_name));
  if (!key) return std::nullopt;
  return SigningKey(share(std::move(key)));
}

std::optional<SigningKey> SigningKey::from_pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return std::nullopt;
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return std::nullopt;
  return SigningKey(share(std::move(key)));
}

std::optional<SigningKey> SigningKey::from_private_ec_jwk(const json& jwk) {
  if (!jwk.is_object() || jwk.value("kty", "") != "EC") return std::nullopt;
  const EcCurve* curve = find_curve(jwk.value("crv", ""));
  const auto x = base64url_decode(jwk.value("x", ""));
  const auto y = base64url_decode(jwk.value("y", ""));
  const auto d = base64url_decode(jwk.value("d", ""));
  if (!curve || !x || !y || !d || d->empty()) return std::nullopt;
  const std::string point = "\x04" + *x + *y;
  BignumPtr priv(BN_bin2bn(reinterpret_cast<const unsigned char*>(d->data()),
                           static_cast<int>(d->size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!priv || !bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->openssl_name,
                                       0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get())) {
    return std::nullopt;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) <= 0) {
    return std::nullopt;
  }
  return SigningKey(share(PkeyPtr(raw)));
}

std::string SigningKey::private_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return {};
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

json SigningKey::public_jwk() const {
  if (EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_RSA) {
    return {{"kty", "RSA"},
            {"n", base64url_encode(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N))},
            {"e", base64url_encode(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E))}};
  }
  char group[64] = {};
  std::size_t group_len = 0;
  EVP_PKEY_get_utf8_string_param(key_.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                 &group_len);
  const EcCurve* curve = find_curve_by_openssl_name(group);
  if (!curve) return json::object();
  std::string x(curve->coordinate_bytes, '\0');
  std::string y(curve->coordinate_bytes, '\0');
  BIGNUM* bx = nullptr;
  BIGNUM* by = nullptr;
  EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, &bx);
  EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &by);
  BignumPtr owned_x(bx);
  BignumPtr owned_y(by);
  if (!bx || !by) return json::object();
  BN_bn2binpad(bx, reinterpret_cast<unsigned char*>(x.data()),
               static_cast<int>(curve->coordinate_bytes));
  BN_bn2binpad(by, reinterpret_cast<unsigned char*>(y.data()),
               static_cast<int>(curve->coordinate_bytes));
  return {{"kty", "EC"},
          {"crv", std::string(curve->jwk_name)},
          {"x", base64url_encode(x)},
          {"y", base64url_encode(y)}};
}

std::string SigningKey::thumbprint() const { return jwk_thumbprint(public_jwk()).value_or(""); }

std::optional<std::string> SigningKey::sign(Algorithm alg, std::string_view input) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, digest_of(alg), nullptr, key_.get()) <= 0) {
    return std::nullopt;
  }
  const bool pss = alg == Algorithm::ps256 || alg == Algorithm::ps384 || alg == Algorithm::ps512;
  if (pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
              EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0)) {
    return std::nullopt;
  }
  std::size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) <= 0) return std::nullopt;
  std::string signature(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len, data,
                     input.size()) <= 0) {
    return std::nullopt;
  }
  signature.resize(len);
  if (!is_ecdsa(alg)) return signature;
  const EcCurve* curve = find_curve(curve_of(alg));
  return der_to_raw(signature, curve->coordinate_bytes);
}

std::optional<std::string> sign_compact_jws(const json& header, const json& payload,
                                            const SigningKey& key, Algorithm alg) {
  const std::string input =
      base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  const auto signature = key.sign(alg, input);
  if (!signature) return std::nullopt;
  return input + "." + base64url_encode(*signature);
}

}  // namespace gateway::auth
