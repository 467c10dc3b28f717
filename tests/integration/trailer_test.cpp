// Chunked trailers never carry credentials or the request id (RFC 9110 §6.5), attacked over
// real HTTP: a valid DPoP token and proof sent only in the trailer do not authenticate, an
// X-Request-Id in the trailer is not taken as the request's id, and a chunked request with
// its credentials in the header section and a harmless trailer is still served.
#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "application_with_issuer.hpp"
#include "auth/test_issuer.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

const std::string kSearch = "/fhir/MedicinalProductDefinition?name=kodimagnyl";
const std::string kSearchPost = "/fhir/MedicinalProductDefinition/_search";

class TrailerTest : public ApplicationWithIssuer {
 protected:
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
};

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
