// The local test issuer: key files (private ones created 0600), token and proof minting.
#include "auth/test_issuer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <openssl/rand.h>

#include "auth/base64url.hpp"
#include "auth/trust_framework.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// A private key file is created new, readable by its owner only from the first byte: one
// open(O_CREAT | O_EXCL, 0600), so no umask widens it, no existing file or symlink at the
// path is written through, and nobody can open it before it is private.
bool create_secret_file(const fs::path& path, const std::string& text) {
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
             S_IRUSR | S_IWUSR);
  if (fd < 0) return false;
  bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;  // exactly 0600, whatever the umask took
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok) ::unlink(path.c_str());  // no half-written key for the next start to read
  return ok;
}

std::optional<SigningKey> load_or_create(const fs::path& path, bool rsa) {
  if (const auto pem = read_text(path)) return SigningKey::from_pem(*pem);
  auto key = rsa ? SigningKey::generate_rsa(2048) : SigningKey::generate_ec("P-256");
  if (!key || !create_secret_file(path, key->private_pem())) return std::nullopt;
  return key;
}

std::string random_id() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

fhir::Error setup_error(const std::string& what) {
  return fhir::make_error(fhir::ErrorKind::internal, "local test issuer unavailable", {}, what);
}

}  // namespace

fhir::Result<TestIssuer> TestIssuer::open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return setup_error("cannot create " + dir + ": " + ec.message());
  auto issuer_key = load_or_create(fs::path(dir) / "issuer-key.pem", true);
  if (!issuer_key) return setup_error("cannot load or create " + dir + "/issuer-key.pem");
  auto client_key = load_or_create(fs::path(dir) / "client-key.pem", false);
  if (!client_key) return setup_error("cannot load or create " + dir + "/client-key.pem");
  json jwk = issuer_key->public_jwk();
  jwk["kid"] = issuer_key->thumbprint();
  jwk["use"] = "sig";
  jwk["alg"] = "RS256";
  const json jwks = {{"keys", json::array({jwk})}};
  if (!write_text(fs::path(dir) / "jwks.json", jwks.dump(2) + "\n")) {
    return setup_error("cannot write " + dir + "/jwks.json");
  }
  return TestIssuer(dir, std::move(*issuer_key), std::move(*client_key));
}

json test_attestation(const TestTokenRequest& request) {
  json attestation = {
      {"practitioner",
       {{"hpr_nr", {{"id", request.hpr_number}, {"system", "urn:oid:2.16.578.1.12.4.1.4.4"}}},
        {"identifier", {{"id", request.pid}, {"system", std::string(kFodselsnummerSystem)}}},
        {"authorization",
         {{"code", request.authorization}, {"system", "urn:oid:2.16.578.1.12.4.1.1.9060"}}},
        {"legal_entity",
         {{"id", request.orgnr_parent}, {"system", "urn:oid:2.16.578.1.12.4.1.4.101"}}},
        {"point_of_care",
         {{"id", request.orgnr_child}, {"system", "urn:oid:2.16.578.1.12.4.1.4.101"}}}}},
      {"care_relationship",
       {{"healthcare_service", {{"code", "S03"}, {"system", "urn:oid:2.16.578.1.12.4.1.1.8655"}}},
        {"purpose_of_use",
         {{"code", request.purpose_of_use}, {"system", std::string(kPurposeOfUseSystem)}}},
        {"decision_ref", {{"id", "local-test-decision"}, {"user_selected", true}}}}},
      {"patients", json::array()}};
  if (!request.patient.empty()) {
    attestation["patients"].push_back(
        {{"identifier", {{"id", request.patient}, {"system", std::string(kFodselsnummerSystem)}}}});
  }
  return attestation;
}

json TestIssuer::access_token_claims(const TestTokenRequest& request, std::int64_t now) const {
  json scopes = json::array();
  for (const auto& s : request.scopes) scopes.push_back(s);
  if (scopes.empty()) scopes.push_back(audience() + "/read");
  json claims = {{"iss", issuer()},
                 {"aud", audience()},
                 {"nbf", now},
                 {"iat", now},
                 {"exp", now + request.ttl_seconds},
                 {"jti", random_id()},
                 {"scope", scopes},
                 {"client_id", request.client_id},
                 {"client_amr", "private_key_jwt"},
                 {"helseid://claims/client/client_name", request.client_name},
                 {"helseid://claims/client/claims/orgnr_parent", request.orgnr_parent}};
  if (!request.orgnr_child.empty()) {
    claims["helseid://claims/client/claims/orgnr_child"] = request.orgnr_child;
  }
  if (!request.machine) {
    claims["sub"] = "local-test-user-" + request.pid;
    claims["helseid://claims/identity/pid"] = request.pid;
    claims["helseid://claims/identity/security_level"] = request.security_level;
    claims["helseid://claims/hpr/hpr_number"] = request.hpr_number;
    if (!request.purpose_of_use.empty()) {
      claims[std::string(kAttestationType)] = test_attestation(request);
    }
  }
  if (request.dpop_bound) claims["cnf"] = {{"jkt", client_key_.thumbprint()}};
  return claims;
}

std::string TestIssuer::sign_access_token(const json& claims) const {
  const json header = {{"alg", "RS256"}, {"kid", kid()}, {"typ", "at+jwt"}};
  return sign_compact_jws(header, claims, issuer_key_, Algorithm::rs256).value_or("");
}

std::string TestIssuer::mint_access_token(const TestTokenRequest& request, std::int64_t now) const {
  return sign_access_token(access_token_claims(request, now));
}

std::string TestIssuer::mint_dpop_proof(std::string_view method, std::string_view url,
                                        std::string_view access_token, std::int64_t now) const {
  const json header = {{"typ", "dpop+jwt"}, {"alg", "ES256"}, {"jwk", client_key_.public_jwk()}};
  const json payload = {{"jti", random_id()},
                        {"htm", method},
                        {"htu", url},
                        {"iat", now},
                        {"ath", sha256_base64url(access_token)}};
  return sign_compact_jws(header, payload, client_key_, Algorithm::es256).value_or("");
}

fhir::Result<AuthConfig> ensure_local_test_issuer(const std::string& data_dir, AuthConfig base) {
  auto issuer = TestIssuer::open(data_dir + "/test-issuer");
  if (!issuer) return std::move(issuer).take_error();
  base.issuer = issuer->issuer();
  base.audience = issuer->audience();
  base.jwks = issuer->jwks_path();
  base.htu_from_host_header = base.public_url.empty();
  auto& scopes = base.policy.scopes;
  if (scopes.read.empty()) scopes.read = base.audience + "/read";
  if (scopes.write.empty()) scopes.write = base.audience + "/write";
  if (scopes.admin.empty()) scopes.admin = base.audience + "/admin";
  if (scopes.audit.empty()) scopes.audit = base.audience + "/audit";
  if (scopes.citizen.empty()) scopes.citizen = base.audience + "/citizen";
  if (scopes.audit_admin.empty()) scopes.audit_admin = base.audience + "/audit-admin";
  if (scopes.privacy.empty()) scopes.privacy = base.audience + "/privacy";
  return base;
}

}  // namespace gateway::auth
