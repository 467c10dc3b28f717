// A local stand-in for NHN's test token service. NOT FOR PRODUCTION: it creates an issuer
// key pair and JWKS in a directory and mints access tokens and DPoP proofs with chosen
// claims and attestation, so developers and test harnesses can call a local gateway.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/config.hpp"
#include "auth/signing_key.hpp"
#include "fhir/error.hpp"

namespace gateway::auth {

inline constexpr std::string_view kLocalTestIssuer =
    "http://localhost/test-issuer-NOT-FOR-PRODUCTION";
inline constexpr std::string_view kLocalTestAudience = "nhn:fhir-gateway-local-test";

struct TestTokenRequest {
  std::vector<std::string> scopes;  // empty: <audience>/read
  std::string client_id = "local-test-client";
  std::string client_name = "Local test EPJ";
  std::string orgnr_parent = "999977774";
  std::string orgnr_child = "999977776";
  bool machine = false;  // no user claims and no attestation
  std::string pid = "05898597468";
  std::string hpr_number = "565501872";
  std::string security_level = "4";
  std::string purpose_of_use = "TREAT";  // empty: no attestation
  std::string authorization = "LE";      // the practitioner's HPR authorisation (LE: physician)
  std::string patient;                   // patient fødselsnummer named in the attestation
  std::int64_t ttl_seconds = 600;
  bool dpop_bound = true;  // cnf.jkt of the client key; false: a Bearer token
};

class TestIssuer {
 public:
  // Loads the issuer from `dir`, creating keys and jwks.json on first use. The private key
  // files are created mode 0600 and never through an existing file or symlink.
  static fhir::Result<TestIssuer> open(const std::string& dir);

  std::string issuer() const { return std::string(kLocalTestIssuer); }
  std::string audience() const { return std::string(kLocalTestAudience); }
  std::string jwks_path() const { return dir_ + "/jwks.json"; }
  const SigningKey& issuer_key() const { return issuer_key_; }
  const SigningKey& client_key() const { return client_key_; }
  std::string kid() const { return issuer_key_.thumbprint(); }

  nlohmann::json access_token_claims(const TestTokenRequest& request, std::int64_t now) const;
  // RS256 with the issuer key, typ at+jwt.
  std::string sign_access_token(const nlohmann::json& claims) const;
  std::string mint_access_token(const TestTokenRequest& request, std::int64_t now) const;
  // ES256 proof with the client key, random jti, ath of `access_token`.
  std::string mint_dpop_proof(std::string_view method, std::string_view url,
                              std::string_view access_token, std::int64_t now) const;

 private:
  TestIssuer(std::string dir, SigningKey issuer_key, SigningKey client_key)
      : dir_(std::move(dir)),
        issuer_key_(std::move(issuer_key)),
        client_key_(std::move(client_key)) {}
  std::string dir_;
  SigningKey issuer_key_;
  SigningKey client_key_;
};

// The attestation object a test token carries (practitioner, care relationship, patient).
nlohmann::json test_attestation(const TestTokenRequest& request);

// For test mode (test_issuer = true, no issuer configured): opens DATA_DIR/test-issuer and
// returns `base` set up to trust it (issuer, audience, jwks, default scopes; htu from the
// Host header unless base.public_url is set). NOT FOR PRODUCTION.
fhir::Result<AuthConfig> ensure_local_test_issuer(const std::string& data_dir,
                                                  AuthConfig base = {});

}  // namespace gateway::auth
