// One client connection (plain or TLS): reads requests in order within the limits, hands
// each to the request handler, writes the response. Only I/O lives here.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fhir/conditional.hpp"
#include "fhir/operation_outcome.hpp"
#include "http/gzip.hpp"
#include "http/message_conversion.hpp"
#include "http/server_state.hpp"

namespace gateway::http::detail {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = beast::http;

// Request metrics looked up once per (route, status) per connection.
class ConnectionMetrics {
 public:
  explicit ConnectionMetrics(ops::MetricsRegistry& registry) : registry_(registry) {}
  void record(const std::string& route, int status, double seconds);

 private:
  struct Entry {
    std::string route;
    int status;
    ops::Counter* requests;
    ops::Histogram* latency;
  };
  ops::MetricsRegistry& registry_;
  std::vector<Entry> cache_;
};

template <class Derived>
class Connection : public ConnectionBase {
 public:
  explicit Connection(std::shared_ptr<ServerState> state, const net::any_io_executor& executor)
      : state_(std::move(state)), timer_(executor), metrics_(state_->metrics) {
    state_->open_connections.fetch_add(1);
    state_->open_connections_gauge.add(1);
  }

  ~Connection() override {
    state_->remove_connection(registry_id_);
    state_->open_connections.fetch_sub(1);
    state_->open_connections_gauge.add(-1);
  }

  void drain() override {
    net::post(derived().stream().get_executor(), [self = derived().shared_from_this()] {
      if (self->waiting_idle_) beast::get_lowest_layer(self->derived().stream()).cancel();
    });
  }

 protected:
  Derived& derived() { return static_cast<Derived&>(*this); }
  auto& lowest() { return beast::get_lowest_layer(derived().stream()); }

  void register_self() { registry_id_ = state_->add_connection(derived().shared_from_this()); }

  void start_read() {
    if (state_->draining) return derived().close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
    parser_->body_limit(state_->options.max_body_bytes);
    timed_out_ = false;
    if (buffer_.size() > 0) return read_header();
    waiting_idle_ = true;
    lowest().expires_after(state_->options.idle_timeout);
    derived().stream().async_read_some(
        buffer_.prepare(4096),
        [self = derived().shared_from_this()](beast::error_code ec, std::size_t n) {
          self->on_first_bytes(ec, n);
        });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    waiting_idle_ = false;
    if (ec) return derived().close();
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    lowest().expires_never();
    timer_.expires_after(state_->options.request_timeout);
    timer_.async_wait([self = derived().shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the request arrived in time
      self->timed_out_ = true;
      beast::get_lowest_layer(self->derived().stream()).cancel();
    });
    bhttp::async_read_header(derived().stream(), buffer_, *parser_,
                             [self = derived().shared_from_this()](beast::error_code ec, std::size_t) {
                               self->on_header(ec);
                             });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    const auto expect = parser_->get()[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      continue_ = bhttp::response<bhttp::empty_body>{bhttp::status::continue_, 11};
      return bhttp::async_write(derived().stream(), continue_,
                                [self = derived().shared_from_this()](beast::error_code ec, std::size_t) {
                                  if (ec) return self->on_read_error(ec);
                                  self->read_body();
                                });
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(derived().stream(), buffer_, *parser_,
                      [self = derived().shared_from_this()](beast::error_code ec, std::size_t) {
                        self->timer_.cancel();
                        if (ec) return self->on_read_error(ec);
                        self->handle_request();
                      });
  }

  void on_read_error(beast::error_code ec) {
    timer_.cancel();
    if (timed_out_) {
      return send_error(fhir::make_error(fhir::ErrorKind::timeout, "The request was not received in time"));
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return derived().close();  // the peer went away or the socket failed
    }
    state_->malformed_requests.inc();
    if (ec == bhttp::error::header_limit) {
      return send_error(fhir::make_error(fhir::ErrorKind::header_too_large,
                                         "Request header fields are too large"));
    }
    if (ec == bhttp::error::body_limit) {
      return send_error(fhir::make_error(fhir::ErrorKind::payload_too_large, "Request body is too large"));
    }
    send_error(fhir::make_error(fhir::ErrorKind::invalid_request, "Malformed HTTP request"));
  }

  // Answers a request that could not be read, then closes the connection.
  void send_error(const fhir::Error& error) {
    Outcome outcome;
    outcome.response = fhir::error_response(error);
    outcome.route = "unparsed";
    request_id_ = state_->next_request_id();
    method_ = "-";
    head_request_ = false;
    keep_alive_ = false;
    started_ = std::chrono::steady_clock::now();
    state_->in_flight.add(1);
    write_outcome(std::move(outcome), false);
  }

  void handle_request() {
    started_ = std::chrono::steady_clock::now();
    state_->in_flight.add(1);
    BeastRequest beast_request = parser_->release();
    keep_alive_ = beast_request.keep_alive();
    const bool accepts_gzip_body =
        accepts_gzip(beast_request[bhttp::field::accept_encoding]);
    auto request = to_fhir_request(std::move(beast_request));
    if (!request) {
      keep_alive_ = false;
      request_id_ = state_->next_request_id();
      method_ = "-";
      head_request_ = false;
      Outcome outcome;
      outcome.response = fhir::error_response(
          fhir::make_error(fhir::ErrorKind::invalid_request, "Malformed request target"));
      outcome.route = "unparsed";
      return write_outcome(std::move(outcome), false);
    }
    auto client_id = request->header("x-request-id");
    request->request_id = client_id && is_acceptable_request_id(*client_id)
                              ? std::string(*client_id)
                              : state_->next_request_id();
    request_id_ = request->request_id;
    method_ = request->method;
    head_request_ = request->method == "HEAD";
    Outcome outcome;
    try {
      outcome = state_->handler(*request);
    } catch (const std::exception& e) {
      state_->logger.event("error", "handler threw", {{"request_id", request_id_}, {"what", e.what()}});
      outcome = Outcome{};
      outcome.response = fhir::error_response(
          fhir::make_error(fhir::ErrorKind::internal, "Internal error; see the server log"));
    }
    write_outcome(std::move(outcome), accepts_gzip_body);
  }

  void write_outcome(Outcome outcome, bool gzip_ok) {
    route_ = std::move(outcome.route);
    identity_ = {std::move(outcome.client_id), std::move(outcome.orgnr_parent),
                 std::move(outcome.orgnr_child), std::move(outcome.hpr_number)};
    fhir::Response& r = outcome.response;
    status_ = r.status;
    if (state_->draining) keep_alive_ = false;

    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(r.status));
    response_.set(bhttp::field::server, "fhir-gateway");
    response_.set(bhttp::field::date, date_header());
    response_.set("x-request-id", request_id_);
    if (!r.content_type.empty()) response_.set(bhttp::field::content_type, r.content_type);
    for (const auto& h : r.headers) response_.set(h.name, h.value);
    body_ = std::move(r.body);
    std::string_view payload = body_ ? std::string_view(*body_) : std::string_view();
    if (gzip_ok && payload.size() >= state_->options.gzip_min_bytes && !r.header("content-encoding")) {
      if (auto compressed = gzip_compress(payload)) {
        gzipped_ = std::move(*compressed);
        payload = gzipped_;
        response_.set(bhttp::field::content_encoding, "gzip");
        response_.set(bhttp::field::vary, "Accept-Encoding");
      }
    }
    const bool bodiless_status = r.status == 204 || r.status == 304 || r.status < 200;
    if (!bodiless_status) response_.content_length(payload.size());
    const bool send_body = !head_request_ && !bodiless_status && !payload.empty();
    response_.body().data = send_body ? const_cast<char*>(payload.data()) : nullptr;
    response_.body().size = send_body ? payload.size() : 0;
    response_.body().more = false;
    response_.keep_alive(keep_alive_);
    bytes_ = send_body ? payload.size() : 0;

    lowest().expires_after(state_->options.request_timeout);
    bhttp::async_write(derived().stream(), response_,
                       [self = derived().shared_from_this()](beast::error_code ec, std::size_t) {
                         self->on_write(ec);
                       });
  }

  void on_write(beast::error_code ec) {
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    state_->in_flight.add(-1);
    state_->bytes_out.inc(bytes_);
    metrics_.record(route_, status_, static_cast<double>(micros) / 1e6);
    state_->logger.access(ops::AccessLogEntry{request_id_, method_, route_, status_, micros, bytes_,
                                              identity_[0], identity_[1], identity_[2], identity_[3]});
    body_.reset();
    gzipped_.clear();
    if (ec || !keep_alive_) return derived().close();
    start_read();
  }

  const std::string& date_header() {
    const std::time_t now = std::time(nullptr);
    if (now != date_second_) {
      date_second_ = now;
      date_ = fhir::format_http_date(now);
    }
    return date_;
  }

  std::shared_ptr<ServerState> state_;
  beast::flat_buffer buffer_;
  net::steady_timer timer_;
  std::uint64_t registry_id_ = 0;

 private:
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::empty_body> continue_;
  bhttp::response<bhttp::buffer_body> response_;
  std::shared_ptr<const std::string> body_;
  std::string gzipped_;
  ConnectionMetrics metrics_;
  bool waiting_idle_ = false;
  bool timed_out_ = false;
  bool keep_alive_ = false;
  bool head_request_ = false;
  int status_ = 0;
  std::uint64_t bytes_ = 0;
  std::string request_id_;
  std::string method_;
  std::string route_;
  std::array<std::string, 4> identity_;
  std::chrono::steady_clock::time_point started_;
  std::time_t date_second_ = 0;
  std::string date_;
};

class PlainConnection : public Connection<PlainConnection>,
                        public std::enable_shared_from_this<PlainConnection> {
 public:
  PlainConnection(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<ServerState> state);
  void run();
  void close();
  beast::tcp_stream& stream() { return stream_; }

 private:
  beast::tcp_stream stream_;
};

class TlsConnection : public Connection<TlsConnection>,
                      public std::enable_shared_from_this<TlsConnection> {
 public:
  TlsConnection(boost::asio::ip::tcp::socket&& socket, net::ssl::context& ctx,
                std::shared_ptr<ServerState> state);
  void run();
  void close();
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

 private:
  beast::ssl_stream<beast::tcp_stream> stream_;
  bool closing_ = false;
};

}  // namespace gateway::http::detail
