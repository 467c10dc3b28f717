// libFuzzer target for the trust layer's parsers and validators: the input is split into an
// Authorization value and a DPoP proof at the first newline and run through TrustLayer, the
// JWS/JWK/htu parsers, the DOM-free JSON reader and the claim readers that run after signature
// verification.
#include <array>
#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <string>
#include <string_view>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/dpop.hpp"
#include "auth/flat_json.hpp"
#include "auth/htu.hpp"
#include "auth/jws.hpp"
#include "auth/trust_framework.hpp"
#include "auth/trust_layer.hpp"

namespace {

using namespace gateway;

constexpr std::int64_t kNow = 1767225605;  // the reference's Appendix A instant

constexpr const char* kJwks =
    R"({"keys":[{"kty":"RSA","use":"sig","kid":"TESTKID000000000000000000000000000000000","e":"AQAB","alg":"RS256","n":"0bqeTXW7zawYvHeyw_aeB1TjC4BZniyBLyr-PVmirWPU7HlB5tyhniqVGIl2XWYuIdsYSlwDXxbZxDKKhPldu-Ap6MfvV_AuGUw-CUBVTpeR6IQ36_2mf94x7U23_H0Ac5Xje7yXCC6_J-O1EaBzhKsAZ83EbycwWQ7k-nZtc0yndb7b8m384Dp2-u-QEk9nWg_rE6PG0Rpcehgz2jfYWot3KYcho51Jrq6tyMXltVSi9BzWgQeGi7tuzM3X2OS-WeYFkfknxBmBYJIpRzpVt0lIi51qhEYu2vY9OpwQaaToxTmWzf-ggzArZkg5S4KOehFGNkL34TO_TaoL5Krt1w"}]})";

struct Harness {
  Harness()
      : layer(
            config(), metrics, [] { return kNow; },
            [](std::stop_token) {
              return auth::FetchResult{std::string(kJwks), {}};
            }) {
    if (!layer.load_keys()) __builtin_trap();
  }

  static auth::AuthConfig config() {
    auth::AuthConfig c;
    c.issuer = "https://helseid-sts.test.nhn.no";
    c.audience = "nhn:example-fhir-gateway";
    c.jwks = "injected";
    c.public_url = "https://fhir.example.test";
    c.policy.scopes = {"nhn:example-fhir-gateway/read", "nhn:example-fhir-gateway/write",
                       "nhn:example-fhir-gateway/admin", true};
    c.signature_cache_entries = 64;
    c.replay_cache_entries = 4096;
    return c;
  }

  ops::MetricsRegistry metrics;
  auth::TrustLayer layer;
  auth::InMemoryReplayCache replay{4096};
};

void exercise_claims(const nlohmann::json& payload) {
  (void)auth::find_attestation(payload);
  (void)auth::parse_scopes(payload);
  if (const auto exp = payload.find("exp"); exp != payload.end()) (void)auth::numeric_date(*exp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view token = input.substr(0, newline);
  const std::string_view proof =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  fhir::Request request;
  request.method = "GET";
  request.target = "/fhir/Patient/123";
  request.path = request.target;
  request.headers.push_back({"authorization", "DPoP " + std::string(token)});
  request.headers.push_back({"dpop", std::string(proof)});
  fhir::Route route;
  route.method = "GET";
  route.pattern = "/fhir/Patient/{id}";
  route.access = fhir::Access::patient_data;
  route.interaction = fhir::Interaction::read;
  route.resource_type = "Patient";

  // Invariant: strict base64url decoding accepts only canonical text, so whatever it accepts
  // encodes back to exactly the same text.
  if (const auto bytes = auth::base64url_decode(token);
      bytes && auth::base64url_encode(*bytes) != token) {
    __builtin_trap();
  }
  // Invariant: a request that authenticates on a non-open route must have produced a
  // principal, which the policy stage then judges.
  if (const auto principal = harness.layer.authenticate(request, route); principal.ok()) {
    if (!*principal) __builtin_trap();
    fhir::RequestContext context;
    context.route = &route;
    context.principal = *principal;
    (void)harness.layer.authorize(context);
  }

  for (const std::string_view jws : {token, proof}) {
    if (const auto decoded = auth::decode_jws(jws)) {
      exercise_claims(decoded->payload);
      if (const auto jwk = decoded->header.find("jwk"); jwk != decoded->header.end()) {
        (void)auth::import_public_jwk(*jwk);
      }
    }
  }
  const std::string ath = auth::sha256_base64url(token);
  const auth::ProofContext context{proof,
                                   "GET",
                                   "https://fhir.example.test/fhir/Patient/123",
                                   ath,
                                   "u8oRURKI5o4WnM1J_We9uuLPAEDDpkgiE_8Izz8fBHA",
                                   kNow};
  (void)auth::check_dpop_proof(context, {{auth::Algorithm::es256, auth::Algorithm::rs256}, 10, 5},
                               harness.replay);
  (void)auth::normalize_htu(proof);
  // Invariant: what the DOM-free reader accepts is one JSON object.
  std::optional<std::string> text;
  std::optional<std::int64_t> number;
  bool nested_object = false;
  const std::array<auth::JsonSlot, 2> members = {{{"typ", &text}, {"iat", nullptr, &number}}};
  const std::array<auth::JsonSlot, 1> nested = {{{"kty", &text}}};
  if (auth::read_flat_json(input, {members, "jwk", nested, &nested_object})) {
    const auto parsed = nlohmann::json::parse(input, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) __builtin_trap();
  }
  if (const auto object = auth::parse_json_object(input)) {
    exercise_claims(*object);
    (void)auth::import_public_jwk(*object);
    (void)auth::jwk_thumbprint(*object);
  }
  return 0;
}
