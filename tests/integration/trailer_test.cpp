// Chunked trailers never carry credentials or the request id (RFC 9110 §6.5), attacked over
// real HTTP: a valid DPoP token and proof sent only in the trailer do not authenticate, an
// X-Request-Id in the trailer is not taken as the request's id, and a chunked request with
// its credentials in the header section and a harmless trailer is still served.
#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "auth/test_issuer.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

const std::string kSearch = "/fhir/MedicinalProductDefinition?name=kodimagnyl";
const std::string kSearchPost = "/fhir/MedicinalProductDefinition/_search";

class TrailerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new RunningApplication(std::map<std::string, std::string>{
        {"log_access", "false"}, {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"}});
    for (int i = 0; i < 300; ++i) {
      auto r = http_request(port(), "GET", "/health/ready");
      if (r && r->result_int() == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    auto issuer = auth::TestIssuer::open(server_->data_dir().str() + "/data/test-issuer");
    ASSERT_TRUE(issuer.ok());
    issuer_ = std::make_unique<auth::TestIssuer>(std::move(*issuer));
  }
  static unsigned short port() { return server_->port(); }
  // Token and a fresh proof for `method` on `path` (htu from the Host header, 127.0.0.1).
  std::pair<std::string, std::string> credentials(const std::string& method,
                                                  const std::string& path) const {
    const std::string token = issuer_->mint_access_token({}, std::time(nullptr));
    return {token,
            issuer_->mint_dpop_proof(method, "http://127.0.0.1" + path, token, std::time(nullptr))};
  }
  // Sends raw bytes on a fresh connection and reads the one answer.
  static std::optional<HttpResponse> exchange(const std::string& bytes) {
    HttpConnection connection(port());
    connection.send_raw(bytes);
    return connection.read();
  }

  static RunningApplication* server_;
  std::unique_ptr<auth::TestIssuer> issuer_;
};
RunningApplication* TrailerTest::server_ = nullptr;

TEST_F(TrailerTest, ATokenAndProofOnlyInTheTrailerDoNotAuthenticate) {
  const auto [token, proof] = credentials("GET", kSearch);
  auto r = exchange("GET " + kSearch +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "0\r\nAuthorization: DPoP " +
                    token + "\r\nDPoP: " + proof + "\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_NE(r->result_int(), 200);
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_EQ(r->body().find("\"Bundle\""), std::string::npos);
}

TEST_F(TrailerTest, AnXRequestIdInTheTrailerIsNotTheRequestId) {
  auto r = exchange(
      "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\nX-Request-Id: spoofed-by-trailer\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_NE(std::string(r->at("X-Request-Id")), "spoofed-by-trailer");
}

TEST_F(TrailerTest, AChunkedSearchWithHeaderCredentialsAndAHarmlessTrailerIsServed) {
  const auto [token, proof] = credentials("POST", kSearchPost);
  const std::string body = "name=kodimagnyl";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  auto r = exchange("POST " + kSearchPost +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Authorization: DPoP " +
                    token + "\r\nDPoP: " + proof + "\r\nX-Request-Id: from-header\r\n\r\n" + size +
                    "\r\n" + body + "\r\n0\r\nX-Checksum: abc\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200) << r->body();
  EXPECT_NE(r->body().find("\"Bundle\""), std::string::npos);
  EXPECT_EQ(std::string(r->at("X-Request-Id")), "from-header");
}

}  // namespace
}  // namespace gateway::testing
