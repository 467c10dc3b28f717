// No request waits on the issuer: while the JWKS endpoint accepts connections and never
// answers, /health/live and an authenticated read with an already cached key are answered
// over HTTP within 50 ms, and the server still stops promptly.
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <thread>

#include "app/pipeline.hpp"
#include "auth/jwks_fetch.hpp"
#include "auth/test_issuer.hpp"
#include "auth/trust_layer.hpp"
#include "http_client.hpp"
#include "ops/base64url.hpp"
#include "result_matchers.hpp"
#include "running_server.hpp"
#include "silent_listener.hpp"
#include "temp_dir.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

bool eventually(const std::function<bool()>& condition) {
  const auto deadline = Clock::now() + 5s;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// The same token with another kid in its header: the trust layer looks the kid up (and
// schedules a refresh) before it would check the now broken signature.
std::string with_unknown_kid(const std::string& token) {
  const auto dot = token.find('.');
  auto header = nlohmann::json::parse(*ops::base64url_decode(token.substr(0, dot)));
  header["kid"] = "NOT-YET-PUBLISHED";
  return ops::base64url_encode(header.dump()) + token.substr(dot);
}

TEST(SlowIssuer, CachedKeyReadsAndLivenessAnswerWhileTheJwksEndpointHangs) {
  TempDir dir;
  SilentListener hanging_issuer;
  auto configured = auth::ensure_local_test_issuer(dir.str());
  ASSERT_THAT(configured, IsOk());
  auth::AuthConfig config = *configured;
  config.signature_cache_entries = 0;        // every request looks its key up
  config.jwks_refresh_interval_seconds = 0;  // an unknown kid schedules a refresh at once
  // The first fetch reads the issuer's key set; every later one hangs in the TLS handshake.
  std::atomic<int> fetches{0};
  const auto local = auth::make_jwks_fetcher(config.jwks, config.issuer, 5000ms);
  auth::JwksFetcher fetcher = [&](std::stop_token stop) {
    if (fetches++ == 0) return local(stop);
    return auth::https_get(hanging_issuer.url(), 30s, stop);
  };
  ops::MetricsRegistry metrics;
  auto trust =
      std::make_unique<auth::TrustLayer>(config, metrics, auth::system_clock_seconds, fetcher);
  trust->start_key_refresh();
  ASSERT_TRUE(eventually([&] { return trust->keys_loaded(); }));

  auto router = std::make_shared<fhir::Router>();
  router->add({"GET", "/health/live",
               [](const fhir::Request&) { return fhir::make_response(200, "live", "text/plain"); },
               fhir::Access::open, fhir::Interaction::other, ""});
  router->add({"GET", "/fhir/Thing/{id}",
               [](const fhir::Request&) { return fhir::make_response(200, R"({"id":"1"})"); },
               fhir::Access::grunndata, fhir::Interaction::read, "Thing"});
  app::PipelineParts parts;
  parts.routes = router;
  parts.trust.authenticate = [&](const fhir::Request& r, const fhir::Route& route) {
    return trust->authenticate(r, route);
  };
  parts.trust.authorize = [&](fhir::RequestContext& context) { return trust->authorize(context); };
  const app::Pipeline pipeline(std::move(parts));
  http::ServerOptions options;
  options.threads = 1;
  RunningServer server(options, handlers_for(pipeline));

  auto issuer = auth::TestIssuer::open(dir.str() + "/test-issuer");
  ASSERT_THAT(issuer, IsOk());
  const std::string token = issuer->mint_access_token({}, std::time(nullptr));
  const std::string path = "/fhir/Thing/1";
  auto read = [&](const std::string& t) {
    const std::string proof =
        issuer->mint_dpop_proof("GET", "http://127.0.0.1" + path, t, std::time(nullptr));
    return http_request(server.port(), "GET", path,
                        {{"Authorization", "DPoP " + t}, {"DPoP", proof}});
  };
  auto before = read(token);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->result_int(), 200) << before->body();

  // A token naming an unknown kid is refused at once and sends the refresher to the issuer,
  // where it hangs.
  const auto unknown_started = Clock::now();
  auto unknown = read(with_unknown_kid(token));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->result_int(), 401);
  EXPECT_LT(Clock::now() - unknown_started, 50ms);
  ASSERT_TRUE(eventually([&] { return fetches.load() >= 2; }));

  for (int i = 0; i < 3; ++i) {
    auto started = Clock::now();
    auto live = http_request(server.port(), "GET", "/health/live");
    const auto live_took = Clock::now() - started;
    ASSERT_TRUE(live);
    EXPECT_EQ(live->result_int(), 200);
    EXPECT_LT(live_took, 50ms);
    started = Clock::now();
    auto cached = read(token);
    const auto read_took = Clock::now() - started;
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->result_int(), 200) << cached->body();
    EXPECT_LT(read_took, 50ms);
  }
  server.stop_and_wait();
  const auto stopping = Clock::now();
  trust.reset();  // aborts the hanging fetch
  EXPECT_LT(Clock::now() - stopping, 1500ms);
}

}  // namespace
}  // namespace gateway::testing
