// Per-request cost of the trust layer: access token + DPoP proof validation with and
// without the signature cache, and the single signature checks it is made of.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "auth/base64url.hpp"
#include "auth/jws.hpp"
#include "auth/signature_verifier.hpp"
#include "auth/test_issuer.hpp"
#include "auth/trust_layer.hpp"

namespace {

using namespace gateway;

constexpr std::int64_t kNow = 1800000000;
constexpr int kRequests = 20000;
const std::string kUrl = "http://localhost:8080/fhir/Patient/123";

const auth::TestIssuer& issuer() {
  static const auth::TestIssuer instance = [] {
    const auto dir = std::filesystem::temp_directory_path() / "auth-bench-issuer";
    return std::move(auth::TestIssuer::open(dir.string()).value());
  }();
  return instance;
}

const std::string& token() {
  static const std::string t = [] {
    auth::TestTokenRequest request;
    request.patient = "12345678901";
    request.ttl_seconds = 3600;
    return issuer().mint_access_token(request, kNow);
  }();
  return t;
}

// Proofs are single use, so every timed request gets a fresh one minted beforehand.
const std::vector<std::string>& proofs() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out;
    out.reserve(kRequests);
    for (int i = 0; i < kRequests; ++i)
      out.push_back(issuer().mint_dpop_proof("GET", kUrl, token(), kNow));
    return out;
  }();
  return all;
}

fhir::Route patient_route() {
  fhir::Route r;
  r.method = "GET";
  r.pattern = "/fhir/Patient/{id}";
  r.access = fhir::Access::patient_data;
  r.interaction = fhir::Interaction::read;
  r.resource_type = "Patient";
  return r;
}

auth::AuthConfig config(std::size_t signature_cache_entries, std::size_t proof_key_cache_entries) {
  auto c = auth::ensure_local_test_issuer(
      (std::filesystem::temp_directory_path() / "auth-bench-data").string());
  auth::AuthConfig out = std::move(c.value());
  out.jwks = issuer().jwks_path();
  out.signature_cache_entries = signature_cache_entries;
  out.proof_key_cache_entries = proof_key_cache_entries;
  return out;
}

void authorize_requests(benchmark::State& state, std::size_t signature_cache_entries,
                        std::size_t proof_key_cache_entries) {
  const auto& all = proofs();
  ops::MetricsRegistry metrics;
  auth::TrustLayer layer(config(signature_cache_entries, proof_key_cache_entries), metrics,
                         [] { return kNow; });
  if (auto loaded = layer.load_keys(); !loaded) {
    state.SkipWithError(loaded.error().log_detail.c_str());
    return;
  }
  const fhir::Route route = patient_route();
  fhir::Request request;
  request.method = "GET";
  request.target = "/fhir/Patient/123";
  request.path = request.target;
  request.headers = {
      {"host", "localhost:8080"}, {"authorization", "DPoP " + token()}, {"dpop", ""}};
  std::size_t i = 0;
  for (auto _ : state) {
    request.headers[2].value = all[i++ % all.size()];
    auto principal = layer.authenticate(request, route);
    if (!principal.ok()) state.SkipWithError(principal.error().log_detail.c_str());
    request.context.route = &route;
    request.context.principal = principal.ok() ? *principal : nullptr;
    fhir::Status allowed = principal.ok() ? layer.authorize(request.context) : fhir::Status();
    if (!allowed.ok()) state.SkipWithError(allowed.error().log_detail.c_str());
    benchmark::DoNotOptimize(principal);
    benchmark::DoNotOptimize(allowed);
  }
}

void BM_TokenAndProofUncached(benchmark::State& state) { authorize_requests(state, 0, 0); }
void BM_TokenAndProofSignatureCache(benchmark::State& state) {
  authorize_requests(state, 10000, 0);
}
void BM_TokenAndProofBothCaches(benchmark::State& state) {
  authorize_requests(state, 10000, 10000);
}

void BM_AccessTokenSignatureRs256(benchmark::State& state) {
  const auto jws = auth::decode_jws(token()).value();
  const auto jwk = *auth::import_public_jwk(issuer().issuer_key().public_jwk()).jwk;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        auth::verify_signature(auth::Algorithm::rs256, jwk, jws.signing_input, jws.signature));
  }
}

void BM_ProofSignatureEs256(benchmark::State& state) {
  const std::string& proof = proofs().front();
  const auto jws = auth::decode_jws(proof).value();
  const auto jwk = *auth::import_public_jwk(issuer().client_key().public_jwk()).jwk;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        auth::verify_signature(auth::Algorithm::es256, jwk, jws.signing_input, jws.signature));
  }
}

// The prepared verifier the proof path uses (context set up once per cached key).
void BM_ProofVerifierES256(benchmark::State& state) {
  const std::string& proof = proofs().front();
  const auto jws = auth::decode_jws(proof).value();
  const auto jwk = *auth::import_public_jwk(issuer().client_key().public_jwk()).jwk;
  const auto verifier = auth::SignatureVerifier::prepare(auth::Algorithm::es256, jwk.key);
  for (auto _ : state) {
    benchmark::DoNotOptimize(verifier->verify(jws.signing_input, jws.signature));
  }
}

// One PS256 proof verification through the same prepared verifier (RSA-2048, PSS).
void BM_ProofVerifierPS256(benchmark::State& state) {
  static const auto key = auth::SigningKey::generate_rsa(2048).value();
  const std::string input(600, 'p');  // about a proof's header.payload
  const std::string signature = key.sign(auth::Algorithm::ps256, input).value();
  const auto jwk = *auth::import_public_jwk(key.public_jwk()).jwk;
  const auto verifier = auth::SignatureVerifier::prepare(auth::Algorithm::ps256, jwk.key);
  for (auto _ : state) benchmark::DoNotOptimize(verifier->verify(input, signature));
}

void BM_ProofJwkImport(benchmark::State& state) {
  const nlohmann::json jwk = issuer().client_key().public_jwk();
  for (auto _ : state) benchmark::DoNotOptimize(auth::import_public_jwk(jwk));
}

void BM_ProofDecode(benchmark::State& state) {
  const std::string& proof = proofs().front();
  for (auto _ : state) benchmark::DoNotOptimize(auth::decode_jws(proof));
}

void BM_TokenCacheKeySha256(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(auth::sha256(token()));
}

BENCHMARK(BM_TokenAndProofUncached)->Iterations(kRequests / 2);
BENCHMARK(BM_TokenAndProofSignatureCache)->Iterations(kRequests / 2);
BENCHMARK(BM_TokenAndProofBothCaches)->Iterations(kRequests / 2);
BENCHMARK(BM_AccessTokenSignatureRs256);
BENCHMARK(BM_ProofSignatureEs256);
BENCHMARK(BM_ProofVerifierES256);
BENCHMARK(BM_ProofVerifierPS256);
BENCHMARK(BM_ProofJwkImport);
BENCHMARK(BM_ProofDecode);
BENCHMARK(BM_TokenCacheKeySha256);

}  // namespace
