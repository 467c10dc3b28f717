// The HTTP transport over real sockets on loopback: keep-alive, pipelining, limits,
// timeouts, malformed input, disconnects, connection limit, gzip, graceful stop.
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <thread>

#include "fhir/response.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;

// Echoes method, path and body; /slow sleeps; /big returns 20 KB; /throw throws.
http::Outcome echo(fhir::Request& r) {
  http::Outcome out;
  if (r.path == "/slow") std::this_thread::sleep_for(400ms);
  if (r.path == "/throw") throw std::runtime_error("handler bug with internal detail");
  if (r.path == "/big") {
    out.response = fhir::make_response(200, std::string(20000, 'a'), "text/plain");
    return out;
  }
  out.response = fhir::make_response(200, r.method + " " + r.path + " " + r.body, "text/plain");
  return out;
}

http::ServerOptions options() {
  http::ServerOptions o;
  o.threads = 2;
  o.max_header_bytes = 2048;
  o.max_body_bytes = 1000;
  o.request_timeout = 400ms;
  o.idle_timeout = 400ms;
  o.shutdown_grace = 3000ms;
  o.max_connections = 64;
  return o;
}

TEST(Transport, KeepAliveServesManyRequestsOnOneConnection) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  for (int i = 0; i < 50; ++i) {
    c.send("GET", "/n" + std::to_string(i));
    auto r = c.read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->result_int(), 200);
    EXPECT_EQ(r->body(), "GET /n" + std::to_string(i) + " ");
    EXPECT_TRUE(r->keep_alive());
  }
  EXPECT_EQ(s.server().open_connections(), 1u);
}

TEST(Transport, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  std::string batch;
  for (int i = 0; i < 10; ++i) {
    batch += "GET /p" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }
  batch += "POST /with-body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
  c.send_raw(batch);
  for (int i = 0; i < 10; ++i) {
    auto r = c.read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body(), "GET /p" + std::to_string(i) + " ");
  }
  auto last = c.read();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body(), "POST /with-body hello");
}

TEST(Transport, OversizedHeaderGets431AndClose) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  c.send("GET", "/x", {{"X-Filler", std::string(4000, 'f')}});
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 431);
  EXPECT_NE(r->body().find("\"too-long\""), std::string::npos);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(Transport, OversizedBodyGets413) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  c.send_raw("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 413);
  EXPECT_NE(r->body().find("OperationOutcome"), std::string::npos);
}

TEST(Transport, OversizedChunkedBodyGets413) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  std::string chunked = "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) chunked += "190\r\n" + std::string(400, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  c.send_raw(chunked);
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 413);
}

TEST(Transport, SlowRequestGets408) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  c.send_raw("GET /slowloris HTTP/1.1\r\nHost: x\r\n");  // header never finished
  auto r = c.read(3s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 408);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(Transport, IdleKeepAliveConnectionIsClosed) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  c.send("GET", "/a");
  ASSERT_TRUE(c.read());
  EXPECT_TRUE(c.closed_by_peer(3s));
}

TEST(Transport, MalformedRequestsGet400) {
  RunningServer s(options(), echo);
  for (const std::string raw :
       {"HELLO\r\n\r\n", "GET /x HTTP/9.9\r\n\r\n", "GET /x HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET /a?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET http://other/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    HttpConnection c(s.port());
    c.send_raw(raw);
    auto r = c.read();
    ASSERT_TRUE(r) << raw;
    EXPECT_EQ(r->result_int(), 400) << raw;
    EXPECT_NE(r->body().find("OperationOutcome"), std::string::npos);
  }
  auto ok = http_request(s.port(), "GET", "/still-alive");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result_int(), 200);
}

TEST(Transport, AbruptDisconnectsLeakNoConnections) {
  RunningServer s(options(), echo);
  for (int i = 0; i < 30; ++i) {
    HttpConnection c(s.port());
    if (i % 3 == 0) c.send_raw("GET /x HTTP/1.1\r\nHo");
    if (i % 3 == 1) c.send_raw("POST /x HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc");
    if (i % 3 == 2 && i < 12) c.send("GET", "/slow");  // closes while the handler runs
  }
  for (int i = 0; i < 300 && s.server().open_connections() != 0; ++i)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(s.server().open_connections(), 0u);
  auto ok = http_request(s.port(), "GET", "/after");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body(), "GET /after ");
}

TEST(Transport, ConnectionLimitAnswers503) {
  auto o = options();
  o.max_connections = 2;
  RunningServer s(o, echo);
  HttpConnection a(s.port());
  HttpConnection b(s.port());
  a.send("GET", "/a");
  b.send("GET", "/b");
  ASSERT_TRUE(a.read());
  ASSERT_TRUE(b.read());
  HttpConnection third(s.port());
  auto r = third.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 503);
  a.close();
  for (int i = 0; i < 100 && s.server().open_connections() > 1; ++i)
    std::this_thread::sleep_for(10ms);
  auto ok = http_request(s.port(), "GET", "/again");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result_int(), 200);
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(100000, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

TEST(Transport, GzipWhenAcceptedAndLargeEnough) {
  RunningServer s(options(), echo);
  auto zipped = http_request(s.port(), "GET", "/big", {{"Accept-Encoding", "br, gzip;q=0.8"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->at("Content-Encoding"), "gzip");
  EXPECT_LT(zipped->body().size(), 1000u);
  EXPECT_EQ(gunzip(zipped->body()), std::string(20000, 'a'));
  auto plain = http_request(s.port(), "GET", "/big", {{"Accept-Encoding", "gzip;q=0"}});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->count("Content-Encoding"), 0u);
  EXPECT_EQ(plain->body().size(), 20000u);
  auto small = http_request(s.port(), "GET", "/tiny", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(small->count("Content-Encoding"), 0u);
}

TEST(Transport, RequestIdIsEchoedOrGenerated) {
  RunningServer s(options(), echo);
  auto given = http_request(s.port(), "GET", "/x", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(given->at("X-Request-Id"), "abc-123");
  auto bad = http_request(s.port(), "GET", "/x", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_NE(bad->at("X-Request-Id"), "bad id with spaces");
  EXPECT_FALSE(bad->at("X-Request-Id").empty());
  auto none = http_request(s.port(), "GET", "/x");
  EXPECT_NE(none->at("X-Request-Id"), bad->at("X-Request-Id"));
}

TEST(Transport, HandlerFailureIs500WithoutInternals) {
  RunningServer s(options(), echo);
  auto r = http_request(s.port(), "GET", "/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 500);
  EXPECT_EQ(r->body().find("internal detail"), std::string::npos);
}

TEST(Transport, HeadSendsHeadersWithoutBody) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  c.send("HEAD", "/big");
  auto r = c.read(std::chrono::seconds(5), true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("Content-Length"), "20000");
  c.send("GET", "/next");  // the connection is still in sync
  auto next = c.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), "GET /next ");
}

TEST(Transport, ExpectContinueIsHonoured) {
  RunningServer s(options(), echo);
  HttpConnection c(s.port());
  c.send_raw("POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  auto interim = c.read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result_int(), 100);
  c.send_raw("abc");
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "POST /c abc");
}

TEST(Transport, GracefulStopFinishesInFlightRequest) {
  RunningServer s(options(), echo);
  HttpConnection busy(s.port());
  HttpConnection idle(s.port());
  idle.send("GET", "/warm");
  ASSERT_TRUE(idle.read());
  busy.send("GET", "/slow");
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { s.stop_and_wait(); });
  auto r = busy.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "GET /slow ");
  EXPECT_FALSE(r->keep_alive());
  EXPECT_TRUE(idle.closed_by_peer(2s));
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_THROW(HttpConnection late(s.port()), std::exception);
}

}  // namespace
}  // namespace gateway::testing
