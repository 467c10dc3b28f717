// One public key prepared for one JWS algorithm: the OpenSSL verification context is set up
// once (padding, digest) and only duplicated per signature, so the hot path pays for the hash
// and the public-key operation and no provider look-ups. Thread-safe: verify() never changes
// the prepared context.
#pragma once

#include <memory>
#include <string_view>

#include "auth/algorithm.hpp"
#include "auth/openssl_handles.hpp"

namespace gateway::auth {

class SignatureVerifier {
 public:
  // Null if OpenSSL cannot prepare `key` for `alg` (the caller has checked that they fit).
  static std::shared_ptr<const SignatureVerifier> prepare(Algorithm alg, SharedPkey key);

  // ES* signatures are raw r||s (RFC 7518 §3.4).
  bool verify(std::string_view signing_input, std::string_view signature) const;
  Algorithm algorithm() const { return alg_; }

 private:
  SignatureVerifier(Algorithm alg, SharedPkey key, PkeyCtxPtr prepared)
      : alg_(alg), key_(std::move(key)), prepared_(std::move(prepared)) {}

  Algorithm alg_;
  SharedPkey key_;  // the context refers to it
  PkeyCtxPtr prepared_;
};

}  // namespace gateway::auth
