// Private keys for the local test issuer and test clients: generation, PEM storage, public
// JWK export and JWS signing. Never used to verify incoming tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/algorithm.hpp"
#include "auth/openssl_handles.hpp"

namespace gateway::auth {

class SigningKey {
 public:
  static std::optional<SigningKey> generate_rsa(int bits = 2048);
  static std::optional<SigningKey> generate_ec(std::string_view crv = "P-256");
  static std::optional<SigningKey> from_pem(std::string_view pem);
  // An EC JWK with "d" (e.g. the client key of the reference's Appendix A).
  static std::optional<SigningKey> from_private_ec_jwk(const nlohmann::json& jwk);

  std::string private_pem() const;
  nlohmann::json public_jwk() const;  // {kty,n,e} or {kty,crv,x,y}
  std::string thumbprint() const;     // RFC 7638
  // JWS signature bytes (raw r||s for ES*); nullopt if the key cannot do `alg`.
  std::optional<std::string> sign(Algorithm alg, std::string_view input) const;

 private:
  explicit SigningKey(SharedPkey key) : key_(std::move(key)) {}
  SharedPkey key_;
};

// header.payload.signature with the given JSON; nullopt if signing fails.
std::optional<std::string> sign_compact_jws(const nlohmann::json& header,
                                            const nlohmann::json& payload, const SigningKey& key,
                                            Algorithm alg);

}  // namespace gateway::auth
