// Metrics are not for everyone: on the API port GET /metrics needs a DPoP token with the
// admin scope, while the metrics listener (metrics_listen) serves Prometheus text without a
// token and nothing else. Health stays open on the API port.
#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "application_with_issuer.hpp"
#include "auth/test_issuer.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

class MetricsListenerTest : public ApplicationWithIssuer {
 protected:
  // GET /metrics on the API port with a DPoP token carrying `scope` and a fresh proof.
  std::optional<HttpResponse> api_metrics_with(const std::string& scope) const {
    auth::TestTokenRequest request;
    request.scopes = {scope};
    const auto now = std::time(nullptr);
    const std::string token = issuer_->mint_access_token(request, now);
    const std::string proof =
        issuer_->mint_dpop_proof("GET", "http://127.0.0.1/metrics", token, now);
    return http_request(port(), "GET", "/metrics",
                        {{"Authorization", "DPoP " + token}, {"DPoP", proof}});
  }
  static std::string scope(const std::string& what) {
    return std::string(auth::kLocalTestAudience) + "/" + what;
  }
};

TEST_F(MetricsListenerTest, ApiPortMetricsWithoutATokenAre401) {
  auto r = http_request(port(), "GET", "/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 401);
  EXPECT_EQ(std::string(r->at("WWW-Authenticate")).rfind("DPoP", 0), 0u);
  EXPECT_EQ(r->body().find("gateway_"), std::string::npos);
}

TEST_F(MetricsListenerTest, ApiPortMetricsWithAReadTokenAre403) {
  auto r = api_metrics_with(scope("read"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 403);
  EXPECT_EQ(r->body().find("gateway_"), std::string::npos);
}

TEST_F(MetricsListenerTest, ApiPortMetricsWithAnAdminTokenAre200) {
  auto r = api_metrics_with(scope("admin"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200) << r->body();
  EXPECT_EQ(std::string(r->at("Content-Type")).rfind("text/plain", 0), 0u);
  EXPECT_NE(r->body().find("gateway_http_open_connections"), std::string::npos);
}

TEST_F(MetricsListenerTest, HealthStaysOpenOnTheApiPort) {
  EXPECT_EQ(http_request(port(), "GET", "/health/live")->result_int(), 200);
  EXPECT_EQ(http_request(port(), "GET", "/health/ready")->result_int(), 200);
}

TEST_F(MetricsListenerTest, TheListenerServesPrometheusTextOfTheApiTraffic) {
  ASSERT_NE(metrics_port(), 0);
  ASSERT_NE(metrics_port(), port());
  http_request(port(), "GET", "/fhir/metadata");
  auto r = http_request(metrics_port(), "GET", "/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(std::string(r->at("Content-Type")), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r->body().find("gateway_http_requests_total{route=\"/fhir/metadata\",status=\"200\"}"),
            std::string::npos);
  EXPECT_EQ(http_request(metrics_port(), "GET", "/health/live")->result_int(), 200);
  HttpConnection head(metrics_port());
  head.send("HEAD", "/metrics");
  auto head_response = head.read(std::chrono::seconds(5), true);
  ASSERT_TRUE(head_response);
  EXPECT_EQ(head_response->result_int(), 200);
  EXPECT_TRUE(head_response->body().empty());
}

TEST_F(MetricsListenerTest, TheListenerServesNothingElse) {
  for (const std::string path : {"/", "/fhir/metadata", "/health/ready", "/metrics/x",
                                 "/fhir/MedicinalProductDefinition", "/admin/reload"}) {
    auto r = http_request(metrics_port(), "GET", path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->result_int(), 404) << path;
    EXPECT_EQ(r->body().find("CapabilityStatement"), std::string::npos) << path;
  }
  EXPECT_EQ(http_request(metrics_port(), "POST", "/admin/reload")->result_int(), 404);
  auto post = http_request(metrics_port(), "POST", "/metrics");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->result_int(), 405);
}

TEST(MetricsListen, EmptyTurnsTheListenerOffAndApiMetricsStayProtected) {
  RunningApplication app(
      std::map<std::string, std::string>{{"log_access", "false"}, {"metrics_listen", ""}});
  EXPECT_FALSE(app.app().metrics_port().has_value());
  EXPECT_EQ(http_request(app.port(), "GET", "/metrics")->result_int(), 401);
  EXPECT_EQ(http_request(app.port(), "GET", "/health/live")->result_int(), 200);
}

}  // namespace
}  // namespace gateway::testing
