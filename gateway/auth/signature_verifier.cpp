// Prepared verification contexts: EVP_PKEY_verify over a digest computed with the
// pre-fetched hash.
#include "auth/signature_verifier.hpp"

#include <openssl/evp.h>

#include "auth/jws.hpp"

namespace gateway::auth {

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
