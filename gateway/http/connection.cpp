// Plain and TLS connection specifics (start and close), and per-connection metric lookup.
#include "http/connection.hpp"

namespace gateway::http::detail {

namespace {
const std::vector<double> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                             0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                             1,      2.5,     5,      10};
}

void ConnectionMetrics::record(const std::string& route, int status, double seconds) {
  for (auto& e : cache_) {
    if (e.status == status && e.route == route) {
      e.requests->inc();
      e.latency->observe(seconds);
      return;
    }
  }
  Entry e{route, status,
          &registry_.counter("gateway_http_requests_total", "HTTP requests by route template and status",
                             {{"route", route}, {"status", std::to_string(status)}}),
          &registry_.histogram("gateway_http_request_duration_seconds",
                               "Time from a complete request to the response written, by route",
                               kLatencyBuckets, {{"route", route}})};
  e.requests->inc();
  e.latency->observe(seconds);
  cache_.push_back(std::move(e));
}

PlainConnection::PlainConnection(boost::asio::ip::tcp::socket&& socket,
                                 std::shared_ptr<ServerState> state)
    : Connection(std::move(state), socket.get_executor()), stream_(std::move(socket)) {}

void PlainConnection::run() {
  register_self();
  start_read();
}

void PlainConnection::close() {
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  stream_.close();
}

TlsConnection::TlsConnection(boost::asio::ip::tcp::socket&& socket, net::ssl::context& ctx,
                             std::shared_ptr<ServerState> state)
    : Connection(std::move(state), socket.get_executor()), stream_(std::move(socket), ctx) {}

void TlsConnection::run() {
  register_self();
  lowest().expires_after(state_->options.request_timeout);
  stream_.async_handshake(net::ssl::stream_base::server,
                          [self = shared_from_this()](beast::error_code ec) {
                            if (ec) return self->lowest().close();
                            self->start_read();
                          });
}

void TlsConnection::close() {
  if (closing_) return;
  closing_ = true;
  lowest().expires_after(std::chrono::seconds(2));
  stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->lowest().close(); });
}

}  // namespace gateway::http::detail
