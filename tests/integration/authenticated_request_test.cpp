// The trust layer in the running application: DPoP-bound tokens from the local test issuer
// reach grunndata; missing, replayed, downgraded and under-scoped requests are refused with
// the right status and WWW-Authenticate, and each refusal is counted.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "application_with_issuer.hpp"
#include "auth/test_issuer.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

class AuthenticatedRequestTest : public ApplicationWithIssuer {
 protected:
  // The local test issuer takes htu from the Host header the test client sends.
  std::string url(const std::string& path) const { return "http://127.0.0.1" + path; }
  std::string token(auth::TestTokenRequest request = {}) const {
    return issuer_->mint_access_token(request, std::time(nullptr));
  }
  std::string proof(const std::string& method, const std::string& path,
                    const std::string& token) const {
    return issuer_->mint_dpop_proof(method, url(path), token, std::time(nullptr));
  }
};

const std::string kSearch = "/fhir/MedicinalProductDefinition?name=kodimagnyl";

TEST_F(AuthenticatedRequestTest, DpopBoundTokenReadsGrunndata) {
  const std::string t = token();
  auto r = http_request(port(), "GET", kSearch,
                        {{"Authorization", "DPoP " + t}, {"DPoP", proof("GET", kSearch, t)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  const json bundle = json::parse(r->body());
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_GE(bundle["total"].get<int>(), 1);
}

TEST_F(AuthenticatedRequestTest, MissingTokenIs401WithChallenge) {
  auto r = http_request(port(), "GET", kSearch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 401);
  EXPECT_EQ(std::string(r->at("WWW-Authenticate")).rfind("DPoP", 0), 0u);
  EXPECT_EQ(json::parse(r->body())["resourceType"], "OperationOutcome");
}

TEST_F(AuthenticatedRequestTest, ReplayedProofIsRefused) {
  const std::string t = token();
  const std::string p = proof("GET", kSearch, t);
  auto first = http_request(port(), "GET", kSearch, {{"Authorization", "DPoP " + t}, {"DPoP", p}});
  EXPECT_EQ(first->result_int(), 200);
  auto second = http_request(port(), "GET", kSearch, {{"Authorization", "DPoP " + t}, {"DPoP", p}});
  EXPECT_EQ(second->result_int(), 401);
  EXPECT_NE(std::string(second->at("WWW-Authenticate")).find("invalid_dpop_proof"),
            std::string::npos);
}

TEST_F(AuthenticatedRequestTest, ProofForAnotherUrlOrMethodIsRefused) {
  const std::string t = token();
  auto other_url = http_request(port(), "GET", kSearch,
                                {{"Authorization", "DPoP " + t},
                                 {"DPoP", proof("GET", "/fhir/PackagedProductDefinition", t)}});
  EXPECT_EQ(other_url->result_int(), 401);
  auto other_method =
      http_request(port(), "GET", kSearch,
                   {{"Authorization", "DPoP " + t}, {"DPoP", proof("POST", kSearch, t)}});
  EXPECT_EQ(other_method->result_int(), 401);
}

TEST_F(AuthenticatedRequestTest, BoundTokenSentAsBearerIsRefused) {
  auto r = http_request(port(), "GET", kSearch, {{"Authorization", "Bearer " + token()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 401);
}

TEST_F(AuthenticatedRequestTest, TokenWithoutTheScopeIs403) {
  auth::TestTokenRequest request;
  request.scopes = {"nhn:some-other-api/read"};
  const std::string t = token(request);
  auto r = http_request(port(), "GET", kSearch,
                        {{"Authorization", "DPoP " + t}, {"DPoP", proof("GET", kSearch, t)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 403);
  EXPECT_NE(std::string(r->at("WWW-Authenticate")).find("insufficient_scope"), std::string::npos);
}

// Attack: a token whose only scope was patient/*.rs read data. SMART scopes are off by
// default (HelseID does not issue them), and never grant grunndata as a patient's data.
TEST_F(AuthenticatedRequestTest, SmartScopesGrantNothingByDefault) {
  for (const std::string scope : {"patient/*.rs", "system/*.rs", "user/*.rs"}) {
    auth::TestTokenRequest request;
    request.scopes = {scope};
    const std::string t = token(request);
    auto r = http_request(port(), "GET", kSearch,
                          {{"Authorization", "DPoP " + t}, {"DPoP", proof("GET", kSearch, t)}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result_int(), 403) << scope;
  }
}

TEST_F(AuthenticatedRequestTest, GarbageTokensAre401NotCrashes) {
  const std::vector<std::string> headers = {"DPoP",
                                            "DPoP !!!",
                                            "DPoP a.b.c",
                                            "DPoP " + std::string(12000, 'A'),
                                            "Basic dXNlcjpwYXNz",
                                            "DPoP eyJhbGciOiJub25lIn0.e30."};
  for (const auto& header : headers) {
    auto r = http_request(port(), "GET", kSearch, {{"Authorization", header}, {"DPoP", "x.y.z"}});
    ASSERT_TRUE(r) << header.substr(0, 40);
    EXPECT_TRUE(r->result_int() == 400 || r->result_int() == 401) << header.substr(0, 40);
  }
  auto metrics = http_request(server_->metrics_port(), "GET", "/metrics");
  EXPECT_NE(metrics->body().find("gateway_auth_failures_total{reason="), std::string::npos);
}

TEST_F(AuthenticatedRequestTest, OpenRoutesNeedNoToken) {
  EXPECT_EQ(http_request(port(), "GET", "/fhir/metadata")->result_int(), 200);
  EXPECT_EQ(http_request(port(), "GET", "/health/live")->result_int(), 200);
  EXPECT_EQ(http_request(port(), "POST", "/admin/reload")->result_int(), 401);
}

}  // namespace
}  // namespace gateway::testing

namespace gateway::testing {
namespace {

TEST(PublicGrunndata, MedicationIsOpenWhenConfiguredButAdminIsNot) {
  RunningApplication app(std::map<std::string, std::string>{
      {"log_access", "false"},
      {"grunndata_public", "true"},
      {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"}});
  for (int i = 0; i < 300; ++i) {
    auto r = http_request(app.port(), "GET", "/health/ready");
    if (r && r->result_int() == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto search = http_request(app.port(), "GET", "/fhir/MedicinalProductDefinition?name=kodimagnyl");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->result_int(), 200);
  EXPECT_EQ(http_request(app.port(), "POST", "/admin/reload")->result_int(), 401);
}

}  // namespace
}  // namespace gateway::testing
