// TLS: the transport serves HTTPS with a configured certificate and key, and refuses to
// start with a broken key.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "child_process.hpp"
#include "fhir/response.hpp"
#include "running_server.hpp"
#include "temp_dir.hpp"

namespace gateway::testing {
namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;

struct Certificate {
  std::string cert;
  std::string key;
};

http::ServerOptions tls_options(const Certificate& c) {
  http::ServerOptions o;
  o.tls_cert_file = c.cert;
  o.tls_key_file = c.key;
  return o;
}

Certificate make_self_signed(const TempDir& dir) {
  Certificate c{dir.str() + "/cert.pem", dir.str() + "/key.pem"};
  auto r = run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-subj", "/CN=localhost", "-days", "1", "-keyout", c.key, "-out", c.cert});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return c;
}

TEST(Tls, ServesHttpsWithTheConfiguredCertificate) {
  TempDir dir;
  const Certificate c = make_self_signed(dir);
  RunningServer server(tls_options(c), [](fhir::Request& r) {
    http::Outcome out;
    out.response = fhir::make_response(200, "secure " + r.path, "text/plain");
    return out;
  });

  net::io_context ioc;
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.load_verify_file(c.cert);  // trust exactly this certificate
  ctx.set_verify_mode(net::ssl::verify_peer);
  net::ssl::stream<net::ip::tcp::socket> stream(ioc, ctx);
  stream.next_layer().connect({net::ip::make_address("127.0.0.1"), server.port()});
  stream.handshake(net::ssl::stream_base::client);
  for (int i = 0; i < 3; ++i) {  // keep-alive over TLS
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/tls/" + std::to_string(i), 11};
    req.set(bhttp::field::host, "localhost");
    bhttp::write(stream, req);
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "secure /tls/" + std::to_string(i));
  }
}

TEST(Tls, PlainHttpToATlsPortGetsNoAnswer) {
  TempDir dir;
  const Certificate c = make_self_signed(dir);
  RunningServer server(tls_options(c), [](fhir::Request&) { return http::Outcome{}; });
  net::io_context ioc;
  net::ip::tcp::socket s(ioc);
  s.connect({net::ip::make_address("127.0.0.1"), server.port()});
  const std::string plain = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  net::write(s, net::buffer(plain));
  char buf[512];
  boost::system::error_code ec;
  const std::size_t n = s.read_some(net::buffer(buf), ec);
  EXPECT_EQ(std::string(buf, n).find("HTTP/1.1 200"), std::string::npos);
}

TEST(Tls, BrokenKeyFailsAtStart) {
  TempDir dir;
  const Certificate c = make_self_signed(dir);
  http::ServerOptions o = tls_options(c);
  o.tls_key_file = c.cert;  // not a key
  EXPECT_THROW(RunningServer(o, [](fhir::Request&) { return http::Outcome{}; }),
               std::runtime_error);
}

}  // namespace
}  // namespace gateway::testing
