// The SHA-256 helpers JOSE needs, on top of OpenSSL.
#include "auth/base64url.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "auth/algorithm.hpp"

namespace gateway::auth {

std::string sha256(std::string_view bytes) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  // The pre-fetched digest: the one-shot SHA256() looks the algorithm up on every call.
  EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(digest.data()), nullptr,
             digest_of(Algorithm::rs256), nullptr);
  return digest;
}

std::string sha256_base64url(std::string_view bytes) { return base64url_encode(sha256(bytes)); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gateway::auth
