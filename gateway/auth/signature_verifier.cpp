// Prepared verification contexts: EVP_PKEY_verify over a digest computed with the
// pre-fetched hash.
#include "auth/signature_verifier.hpp"

#include <optional>
#include <string>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "auth/openssl_handles.hpp"

namespace gateway::auth {
namespace {

bool is_pss(Algorithm alg) {
  return alg == Algorithm::ps256 || alg == Algorithm::ps384 || alg == Algorithm::ps512;
}

bool set_rsa_padding(EVP_PKEY_CTX* ctx, Algorithm alg) {
  if (is_ecdsa(alg)) return true;
  if (is_pss(alg)) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) > 0;
  }
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0;
}

std::size_t ecdsa_coordinate_bytes(Algorithm alg) {
  switch (alg) {
    case Algorithm::es256:
      return 32;
    case Algorithm::es384:
      return 48;
    default:
      return 66;
  }
}

// RFC 7518 §3.4: the JWS signature is r||s, OpenSSL wants DER.
std::optional<std::string> raw_ecdsa_to_der(Algorithm alg, std::string_view raw) {
  const std::size_t half = ecdsa_coordinate_bytes(alg);
  if (raw.size() != 2 * half) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BignumPtr r(BN_bin2bn(bytes, static_cast<int>(half), nullptr));
  BignumPtr s(BN_bin2bn(bytes + half, static_cast<int>(half), nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || !ECDSA_SIG_set0(sig.get(), r.get(), s.get())) return std::nullopt;
  r.release();  // owned by sig now
  s.release();
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::shared_ptr<const SignatureVerifier> SignatureVerifier::prepare(Algorithm alg, SharedPkey key) {
  if (!key) return nullptr;
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0 || !set_rsa_padding(ctx.get(), alg) ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), digest_of(alg)) <= 0) {
    return nullptr;
  }
  return std::shared_ptr<const SignatureVerifier>(
      new SignatureVerifier(alg, std::move(key), std::move(ctx)));
}

bool SignatureVerifier::verify(std::string_view signing_input, std::string_view signature) const {
  std::string der;
  if (is_ecdsa(alg_)) {
    auto converted = raw_ecdsa_to_der(alg_, signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(signing_input.data(), signing_input.size(), digest, &digest_size, digest_of(alg_),
                 nullptr) != 1) {
    return false;
  }
  // The duplicate carries the prepared padding and digest; the original is never touched.
  PkeyCtxPtr ctx(EVP_PKEY_CTX_dup(prepared_.get()));
  return ctx && EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                signature.size(), digest, digest_size) == 1;
}

}  // namespace gateway::auth
