// The assembled application over HTTP: metadata, conditional read, errors as
// OperationOutcome, content negotiation, health and metrics (on the metrics listener).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

class ApplicationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new RunningApplication(std::map<std::string, std::string>{
        {"log_access", "false"}, {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"}});
    ASSERT_TRUE(wait_until_ready(server_->port()));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static unsigned short port() { return server_->port(); }
  static RunningApplication* server_;
};
RunningApplication* ApplicationTest::server_ = nullptr;

TEST_F(ApplicationTest, MetadataIsACapabilityStatementWithValidators) {
  auto r = http_request(port(), "GET", "/fhir/metadata");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->at("Content-Type"), "application/fhir+json; charset=utf-8");
  const json cs = json::parse(r->body());
  EXPECT_EQ(cs["resourceType"], "CapabilityStatement");
  EXPECT_EQ(cs["fhirVersion"], "4.3.0");
  EXPECT_EQ(cs["implementation"]["url"], "http://127.0.0.1:" + std::to_string(port()) + "/fhir");
  EXPECT_EQ(r->at("ETag").substr(0, 3), "W/\"");
  EXPECT_FALSE(r->at("Last-Modified").empty());
}

TEST_F(ApplicationTest, IfNoneMatchGives304) {
  auto first = http_request(port(), "GET", "/fhir/metadata");
  const std::string etag(first->at("ETag"));
  auto second = http_request(port(), "GET", "/fhir/metadata", {{"If-None-Match", etag}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->result_int(), 304);
  EXPECT_TRUE(second->body().empty());
  EXPECT_EQ(second->at("ETag"), etag);
  auto changed = http_request(port(), "GET", "/fhir/metadata", {{"If-None-Match", "W/\"other\""}});
  EXPECT_EQ(changed->result_int(), 200);
}

TEST_F(ApplicationTest, UnknownTypeIs404OperationOutcome) {
  auto r = http_request(port(), "GET", "/fhir/NoSuchType/1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 404);
  const json oo = json::parse(r->body());
  EXPECT_EQ(oo["resourceType"], "OperationOutcome");
  EXPECT_EQ(oo["issue"][0]["code"], "not-found");
}

TEST_F(ApplicationTest, WrongMethodIs405WithAllow) {
  auto r = http_request(port(), "DELETE", "/fhir/metadata");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 405);
  EXPECT_EQ(r->at("Allow"), "GET");
}

TEST_F(ApplicationTest, UnsupportedFormatsAre406) {
  auto xml = http_request(port(), "GET", "/fhir/metadata", {{"Accept", "application/fhir+xml"}});
  EXPECT_EQ(xml->result_int(), 406);
  auto format = http_request(port(), "GET", "/fhir/metadata?_format=xml");
  EXPECT_EQ(format->result_int(), 406);
  auto json_format = http_request(port(), "GET", "/fhir/metadata?_format=json");
  EXPECT_EQ(json_format->result_int(), 200);
  auto plain_json = http_request(port(), "GET", "/fhir/metadata", {{"Accept", "application/json"}});
  EXPECT_EQ(plain_json->result_int(), 200);
}

TEST_F(ApplicationTest, HealthEndpoints) {
  auto live = http_request(port(), "GET", "/health/live");
  EXPECT_EQ(live->result_int(), 200);
  auto ready = http_request(port(), "GET", "/health/ready");
  EXPECT_EQ(ready->result_int(), 200);
  EXPECT_EQ(json::parse(ready->body())["status"], "ready");
}

TEST_F(ApplicationTest, ReadinessSaysTheTestIssuerIsTrusted) {
  auto ready = http_request(port(), "GET", "/health/ready");
  ASSERT_TRUE(ready);
  const json body = json::parse(ready->body());
  ASSERT_EQ(body["warnings"].size(), 1u) << body;
  EXPECT_EQ(body["warnings"][0].get<std::string>().rfind("test issuer:", 0), 0u) << body;
}

TEST_F(ApplicationTest, MetricsCountRequestsByRouteTemplate) {
  http_request(port(), "GET", "/fhir/metadata");
  http_request(port(), "GET", "/fhir/NoSuchType/secret-id-123");
  auto r = http_request(server_->metrics_port(), "GET", "/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  const std::string text = r->body();
  EXPECT_NE(text.find("gateway_http_requests_total{route=\"/fhir/metadata\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(text.find("gateway_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(text.find("gateway_http_open_connections"), std::string::npos);
  EXPECT_NE(text.find("gateway_http_requests_in_flight"), std::string::npos);
  EXPECT_NE(text.find("gateway_http_response_bytes_total"), std::string::npos);
  EXPECT_EQ(text.find("secret-id-123"), std::string::npos);
}

TEST(ApplicationReadiness, NotReadyWithoutACatalog) {
  RunningApplication app(std::map<std::string, std::string>{{"log_access", "false"}});
  auto ready = http_request(app.port(), "GET", "/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->result_int(), 503);
  EXPECT_NE(json::parse(ready->body())["reason"].get<std::string>().find("medication"),
            std::string::npos);
  auto live = http_request(app.port(), "GET", "/health/live");
  EXPECT_EQ(live->result_int(), 200);
}

TEST(ApplicationConfig, InvalidSettingsAreAllReported) {
  auto created = app::Application::create({{"listen", "nonsense"},
                                           {"max_body_bytes", "-1"},
                                           {"count_default", "900"},
                                           {"count_max", "100"},
                                           {"tls_cert", "/x.pem"}});
  ASSERT_FALSE(created.ok());
  const auto& errors = created.error();
  EXPECT_EQ(errors.size(), 4u);
}

TEST(ApplicationConfig, MetricsListenIsHostPortAndNotTheApiAddress) {
  auto malformed = app::Application::create({{"metrics_listen", "9464"}});
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.error().front().find("metrics_listen"), std::string::npos);
  auto same = app::Application::create(
      {{"listen", "127.0.0.1:8080"}, {"metrics_listen", "127.0.0.1:8080"}});
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.error().front().find("metrics_listen"), std::string::npos);
  auto off = app::Application::create({{"metrics_listen", ""}});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE((*off)->config().metrics_server.has_value());
  auto by_default = app::Application::create({});
  ASSERT_TRUE(by_default.ok());
  ASSERT_TRUE((*by_default)->config().metrics_server.has_value());
  EXPECT_EQ((*by_default)->config().metrics_server->host, "127.0.0.1");
  EXPECT_EQ((*by_default)->config().metrics_server->port, 9464);
}

}  // namespace
}  // namespace gateway::testing
