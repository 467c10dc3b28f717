// Plain and TLS connection specifics, response head serialisation, per-connection metrics.
#include "http/connection.hpp"

namespace gateway::http::detail {

namespace {
const std::vector<double> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                             0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                             1,      2.5,     5,      10};

bool safe_header_text(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos;
}
}  // namespace

void ConnectionMetrics::record(std::string_view route, int status, double seconds) {
  for (auto& e : cache_) {
    if (e.status == status && e.route == route) {
      e.requests->inc();
      e.latency->observe(seconds);
      return;
    }
  }
  const std::string name(route);
  Entry e{name, status,
          &registry_.counter("gateway_http_requests_total",
                             "HTTP requests by route template and status",
                             {{"route", name}, {"status", std::to_string(status)}}),
          &registry_.histogram("gateway_http_request_duration_seconds",
                               "Time from a complete request to the response written, by route",
                               kLatencyBuckets, {{"route", name}})};
  e.requests->inc();
  e.latency->observe(seconds);
  cache_.push_back(std::move(e));
}

void write_response_head(std::string& out, const fhir::Response& response, std::string_view date,
                         std::string_view request_id, std::size_t content_length,
                         bool content_length_allowed, bool gzipped, bool keep_alive) {
  out.clear();
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: fhir-gateway\r\nDate: ";
  out += date;
  out += "\r\nX-Request-Id: ";
  out += request_id;
  out += "\r\n";
  if (!response.content_type.empty() && safe_header_text(response.content_type)) {
    out += "Content-Type: ";
    out += response.content_type;
    out += "\r\n";
  }
  for (const auto& h : response.headers) {
    if (!safe_header_text(h.name) || !safe_header_text(h.value) || h.name == "content-length")
      continue;
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (gzipped) out += "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n";
  if (content_length_allowed) {
    out += "Content-Length: ";
    out += std::to_string(content_length);
    out += "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
}

PlainConnection::PlainConnection(tcp::socket&& socket, std::shared_ptr<ServerState> state,
                                 Worker& worker)
    : Connection(std::move(state), worker), socket_(std::move(socket)) {}

void PlainConnection::run() { start_read(); }

void PlainConnection::cancel_io() {
  beast::error_code ignored;
  socket_.cancel(ignored);
}

void PlainConnection::close() {
  phase_ = Phase::none;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  socket_.close(ignored);
}

TlsConnection::TlsConnection(tcp::socket&& socket, net::ssl::context& ctx,
                             std::shared_ptr<ServerState> state, Worker& worker)
    : Connection(std::move(state), worker), stream_(std::move(socket), ctx) {}

void TlsConnection::run() {
  set_deadline(Phase::request, state_->options.request_timeout);
  stream_.async_handshake(net::ssl::stream_base::server,
                          [self = shared_from_this()](beast::error_code ec) {
                            self->phase_ = Phase::none;
                            if (ec) {
                              beast::error_code ignored;
                              return void(beast::get_lowest_layer(self->stream_).close(ignored));
                            }
                            self->start_read();
                          });
}

void TlsConnection::cancel_io() {
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).cancel(ignored);
}

void TlsConnection::close() {
  if (closing_) return;
  closing_ = true;
  set_deadline(Phase::write, std::chrono::milliseconds(2000));
  stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
    self->phase_ = Phase::none;
    beast::error_code ignored;
    beast::get_lowest_layer(self->stream_).close(ignored);
  });
}

}  // namespace gateway::http::detail
