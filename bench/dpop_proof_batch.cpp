// Writes a DPoP-bound access token and many single-use DPoP proofs for one request (method +
// URL), one proof per line, so a load generator can send each proof once. The proof key is
// the local test issuer's EC client key (ES256) or a fresh RSA key (RS256/PS256). With
// PATIENT (a fødselsnummer) the token is a practitioner's with read and write scopes and an
// attestation naming that patient (for patient data); without it a machine token.
#include <openssl/rand.h>

#include <charconv>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#include "auth/base64url.hpp"
#include "auth/signing_key.hpp"
#include "auth/test_issuer.hpp"

namespace {

std::string random_jti() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  return gateway::auth::base64url_encode(
      std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gateway::auth;
  if (argc != 8 && argc != 9) {
    std::cerr << "usage: dpop-proof-batch ISSUER_DIR ES256|RS256|PS256 METHOD URL COUNT TOKEN_OUT "
                 "PROOFS_OUT [PATIENT]\n";
    return 2;
  }
  auto issuer = TestIssuer::open(argv[1]);
  if (!issuer) {
    std::cerr << "dpop-proof-batch: " << issuer.error().diagnostics << "\n";
    return 1;
  }
  const std::string alg_name = argv[2];
  const Algorithm alg = alg_name == "PS256"   ? Algorithm::ps256
                        : alg_name == "RS256" ? Algorithm::rs256
                                              : Algorithm::es256;
  std::optional<SigningKey> rsa;
  if (alg != Algorithm::es256) rsa = SigningKey::generate_rsa(2048);
  const SigningKey& key = rsa ? *rsa : issuer->client_key();

  const std::int64_t now = std::time(nullptr);
  TestTokenRequest request;
  if (argc == 9) {
    request.patient = argv[8];
    request.scopes = {issuer->audience() + "/read", issuer->audience() + "/write"};
  } else {
    request.machine = true;
  }
  request.ttl_seconds = 3600;
  auto claims = issuer->access_token_claims(request, now);
  claims["cnf"] = {{"jkt", key.thumbprint()}};
  const std::string token = issuer->sign_access_token(claims);
  std::ofstream(argv[6]) << token;

  std::size_t count = 0;
  const std::string_view count_text = argv[5];
  std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  const nlohmann::json header = {{"typ", "dpop+jwt"}, {"alg", alg_name}, {"jwk", key.public_jwk()}};
  const std::string ath = sha256_base64url(token);
  std::ofstream out(argv[7]);
  for (std::size_t i = 0; i < count; ++i) {
    const nlohmann::json payload = {
        {"jti", random_jti()}, {"htm", argv[3]}, {"htu", argv[4]}, {"iat", now}, {"ath", ath}};
    out << sign_compact_jws(header, payload, key, alg).value_or("") << '\n';
  }
  return out ? 0 : 1;
}
