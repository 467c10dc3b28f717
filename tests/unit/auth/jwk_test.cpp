// JWK import and RFC 7638 thumbprints, including the reference's Appendix A vectors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/jwk.hpp"
#include "auth/jws.hpp"
#include "auth/proof_key_cache.hpp"
#include "auth/signature_verifier.hpp"
#include "auth/signing_key.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

const json kRfc7638Rsa = json::parse(
    R"({"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"})");

const json kRfc9449Ec = json::parse(
    R"({"kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","crv":"P-256"})");

TEST(JwkThumbprint, Rfc7638RsaExample) {
  EXPECT_EQ(jwk_thumbprint(kRfc7638Rsa), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(JwkThumbprint, Rfc9449EcExample) {
  EXPECT_EQ(jwk_thumbprint(kRfc9449Ec), "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
}

TEST(JwkThumbprint, NhnP384SampleKey) {
  const json jwk = {{"kty", "EC"},
                    {"crv", "P-384"},
                    {"x", "khAS2R2atO0i7Y7O257HsDeXkp7Rt_D-4HWv5Q3kJBuWw43I9NcTCmGEQZjoP5EL"},
                    {"y", "3NxlAKU0SNfnKgvse4NhUz-Bqy7yONtDBxWBxvw1ZtQ82P6jdBFIPrO5u8UMPb7Y"}};
  EXPECT_EQ(jwk_thumbprint(jwk), "Z_K-s0ghahZ1xTMxqNOCoGFWcj0RzRG-BKlIywGYGDE");
  EXPECT_TRUE(import_public_jwk(jwk).jwk.has_value());
}

TEST(JwkThumbprint, AppendixClientKeyIgnoresPrivateAndExtraMembers) {
  json jwk = json::parse(
      R"({"kty":"EC","crv":"P-256","x":"gzNkBu26P0hPd37mspBp5nAGz8fmqXhIg3NKg6YyBDo","y":"fs0u5djmQWMvbnQw-nDbn1G9flKaFsTFqIBmOwZKxDU"})");
  jwk["alg"] = "ES256";
  jwk["kid"] = "whatever";
  EXPECT_EQ(jwk_thumbprint(jwk), "u8oRURKI5o4WnM1J_We9uuLPAEDDpkgiE_8Izz8fBHA");
}

TEST(JwkThumbprint, MissingRequiredMemberHasNoThumbprint) {
  json jwk = kRfc9449Ec;
  jwk.erase("y");
  EXPECT_FALSE(jwk_thumbprint(jwk).has_value());
  EXPECT_FALSE(jwk_thumbprint(json::parse(R"({"kty":"oct","k":"abc"})")).has_value());
}

TEST(JwkImport, ImportsRsaAndEcPublicKeys) {
  const JwkImport rsa = import_public_jwk(kRfc7638Rsa);
  ASSERT_TRUE(rsa.jwk.has_value()) << rsa.detail;
  EXPECT_EQ(rsa.jwk->kid, "2011-04-29");
  EXPECT_TRUE(key_fits_algorithm(*rsa.jwk, Algorithm::rs256));
  EXPECT_FALSE(key_fits_algorithm(*rsa.jwk, Algorithm::ps256));  // alg member says RS256
  EXPECT_FALSE(key_fits_algorithm(*rsa.jwk, Algorithm::es256));

  const JwkImport ec = import_public_jwk(kRfc9449Ec);
  ASSERT_TRUE(ec.jwk.has_value()) << ec.detail;
  EXPECT_TRUE(key_fits_algorithm(*ec.jwk, Algorithm::es256));
  EXPECT_FALSE(key_fits_algorithm(*ec.jwk, Algorithm::es384));
  EXPECT_FALSE(key_fits_algorithm(*ec.jwk, Algorithm::rs256));
}

TEST(JwkImport, RefusesPrivateMembers) {
  for (const char* member : {"d", "p", "q", "dp", "dq", "qi", "oth"}) {
    json jwk = kRfc7638Rsa;
    jwk[member] = "AQAB";
    const JwkImport imported = import_public_jwk(jwk);
    EXPECT_FALSE(imported.jwk.has_value()) << member;
    EXPECT_EQ(imported.error, JwkError::private_member) << member;
  }
}

TEST(JwkImport, RefusesRsaUnder2048Bits) {
  const auto weak = SigningKey::generate_rsa(1024).value();
  const JwkImport imported = import_public_jwk(weak.public_jwk());
  EXPECT_FALSE(imported.jwk.has_value());
  EXPECT_EQ(imported.error, JwkError::unsupported);
  const auto strong = SigningKey::generate_rsa(2048).value();
  EXPECT_TRUE(import_public_jwk(strong.public_jwk()).jwk.has_value());
}

TEST(JwkImport, RefusesPointsOffTheCurveAndBadCoordinates) {
  json off_curve = kRfc9449Ec;
  off_curve["y"] = "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDE";
  EXPECT_FALSE(import_public_jwk(off_curve).jwk.has_value());
  json short_x = kRfc9449Ec;
  short_x["x"] = "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBA";
  EXPECT_FALSE(import_public_jwk(short_x).jwk.has_value());
  json other_curve = kRfc9449Ec;
  other_curve["crv"] = "secp256k1";
  EXPECT_FALSE(import_public_jwk(other_curve).jwk.has_value());
  EXPECT_FALSE(import_public_jwk(json::array()).jwk.has_value());
  EXPECT_FALSE(import_public_jwk(json::parse(R"({"kty":"oct","k":"c2VjcmV0"})")).jwk.has_value());
}

TEST(JwkImport, UseOtherThanSigIsRefusedForVerification) {
  json jwk = kRfc9449Ec;
  jwk["use"] = "enc";
  const JwkImport imported = import_public_jwk(jwk);
  ASSERT_TRUE(imported.jwk.has_value());
  EXPECT_FALSE(key_fits_algorithm(*imported.jwk, Algorithm::es256));
}

}  // namespace
}  // namespace gateway::auth

namespace gateway::auth {
namespace {

TEST(ProofKeyCache, FindsByCanonicalMembersWithTheThumbprint) {
  ProofKeyCache cache(2);
  const auto members = jwk_members(kRfc9449Ec).value();
  const std::string canonical = canonical_jwk(members).value();
  const auto imported = import_public_jwk(kRfc9449Ec);
  ASSERT_TRUE(imported.jwk.has_value());
  EXPECT_FALSE(cache.find(canonical).has_value());
  const auto verifier = SignatureVerifier::prepare(Algorithm::es256, imported.jwk->key);
  ASSERT_NE(verifier, nullptr);
  cache.store("ES256" + canonical, {imported.jwk->thumbprint, verifier});
  EXPECT_FALSE(cache.find("ES384" + canonical).has_value());  // prepared for one algorithm
  const auto found = cache.find("ES256" + canonical);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->thumbprint, "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
  EXPECT_EQ(found->verifier.get(), verifier.get());
}

TEST(ProofKeyCache, IsBounded) {
  ProofKeyCache cache(2);
  const auto key =
      SignatureVerifier::prepare(Algorithm::es256, import_public_jwk(kRfc9449Ec).jwk->key);
  cache.store("a", {"ta", key});
  cache.store("b", {"tb", key});
  cache.store("c", {"tc", key});
  EXPECT_FALSE(cache.find("a").has_value());
  EXPECT_TRUE(cache.find("b").has_value());
  EXPECT_TRUE(cache.find("c").has_value());
  EXPECT_EQ(cache.size(), 2u);
  ProofKeyCache disabled(0);
  disabled.store("a", {"ta", key});
  EXPECT_FALSE(disabled.find("a").has_value());
}

// A prepared verifier agrees with the one-shot verification, for every family.
TEST(SignatureVerifier, AgreesWithVerifySignature) {
  const auto rsa = SigningKey::generate_rsa(2048).value();
  const auto ec = SigningKey::generate_ec("P-384").value();
  for (const auto& [key, alg] :
       {std::pair{&rsa, Algorithm::ps256}, std::pair{&rsa, Algorithm::rs384},
        std::pair{&ec, Algorithm::es384}}) {
    const std::string input = "header.payload";
    const std::string signature = key->sign(alg, input).value();
    const auto jwk = import_public_jwk(key->public_jwk()).jwk.value();
    const auto verifier = SignatureVerifier::prepare(alg, jwk.key);
    ASSERT_NE(verifier, nullptr);
    EXPECT_TRUE(verifier->verify(input, signature));
    EXPECT_TRUE(verify_signature(alg, jwk, input, signature));
    EXPECT_FALSE(verifier->verify("header.payloaD", signature));
    std::string bent = signature;
    bent[3] ^= 1;
    EXPECT_FALSE(verifier->verify(input, bent));
  }
  // PSS and PKCS#1 v1.5 do not pass for each other.
  const std::string pss = rsa.sign(Algorithm::ps256, "x").value();
  const auto jwk = import_public_jwk(rsa.public_jwk()).jwk.value();
  EXPECT_FALSE(SignatureVerifier::prepare(Algorithm::rs256, jwk.key)->verify("x", pss));
}

// The canonical form is built as text; values that would need a JSON escape cannot be
// base64url, so they are refused rather than escaped.
TEST(CanonicalJwk, IsRfc7638OrderAndRefusesNonBase64urlValues) {
  const auto members = jwk_members(kRfc9449Ec).value();
  const std::string canonical = canonical_jwk(members).value();
  EXPECT_EQ(canonical.rfind(R"({"crv":"P-256","kty":"EC","x":")", 0), 0u);
  JwkMembers quoted = members;
  quoted.x = "abc\"def";
  EXPECT_FALSE(canonical_jwk(quoted).has_value());
  JwkMembers unknown_curve = members;
  unknown_curve.crv = "P-192";
  EXPECT_FALSE(canonical_jwk(unknown_curve).has_value());
}

TEST(ImportJwk, ProofKeyLimitsRefuseLargeRsaKeysAndOtherExponents) {
  const auto strong = SigningKey::generate_rsa(2048).value();
  EXPECT_TRUE(import_public_jwk(strong.public_jwk(), kProofKeyLimits).jwk.has_value());
  json e3 = strong.public_jwk();
  e3["e"] = "Aw";
  EXPECT_EQ(import_public_jwk(e3, kProofKeyLimits).error, JwkError::unsupported);
  EXPECT_TRUE(import_public_jwk(e3).jwk.has_value());  // issuer keys: no such limit
}

}  // namespace
}  // namespace gateway::auth
