// One client connection: reads requests in order within the limits, hands each to the
// application, writes the response it returns (from whichever thread it answers). Only I/O
// lives here; deadlines are enforced by the worker's periodic sweep rather than a timer per
// request. The logic is generic over the stream: `Derived` supplies stream(), cancel_io() and
// close(), so plain TCP, TLS and Beast's test::stream share every line of it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <boost/asio/post.hpp>
#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fhir/conditional.hpp"
#include "http/gzip.hpp"
#include "http/message_conversion.hpp"
#include "http/server_state.hpp"
#include "http/trailers.hpp"

namespace gateway::http::detail {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

// Request metrics looked up once per (route, status) per connection.
class ConnectionMetrics {
 public:
  explicit ConnectionMetrics(ops::MetricsRegistry& registry) : registry_(registry) {}
  void record(std::string_view route, int status, double seconds);

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

// Serialises the status line and header block of a response (body sent separately).
void write_response_head(std::string& out, const fhir::Response& response, std::string_view date,
                         std::string_view request_id, std::size_t content_length,
                         bool content_length_allowed, bool gzipped, bool keep_alive);

template <class Derived>
class Connection : public ConnectionBase {
 public:
  Connection(std::shared_ptr<ServerState> state, Worker& worker)
      : state_(std::move(state)), worker_(worker), metrics_(state_->metrics) {
    state_->open_connections.fetch_add(1);
    state_->open_connections_gauge.add(1);
    position_ = worker_.connections.insert(worker_.connections.end(), this);
  }

  ~Connection() override {
    worker_.connections.erase(position_);
    state_->open_connections.fetch_sub(1);
    state_->open_connections_gauge.add(-1);
  }

  void drain() override {
    if (phase_ == Phase::idle) derived().cancel_io();
  }

  void check_deadline(Clock::time_point now) override {
    if (phase_ == Phase::none || now < deadline_) return;
    if (phase_ == Phase::request) timed_out_ = true;
    phase_ = Phase::none;
    derived().cancel_io();
  }

 protected:
  enum class Phase { none, idle, request, write };

  Derived& derived() { return static_cast<Derived&>(*this); }
  void set_deadline(Phase phase, std::chrono::milliseconds within) {
    phase_ = phase;
    deadline_ = Clock::now() + within;
  }

  void start_read() {
    if (state_->draining) return derived().close();
    parser_.emplace();
    parser_->on_chunk_header(on_chunk_header_);
    trailers_.clear();
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
    parser_->body_limit(state_->options.max_body_bytes);
    timed_out_ = false;
    if (buffer_.size() > 0) return read_header();
    set_deadline(Phase::idle, state_->options.idle_timeout);
    derived().stream().async_read_some(
        buffer_.prepare(8192),
        [self = derived().shared_from_this()](beast::error_code ec, std::size_t n) {
          self->on_first_bytes(ec, n);
        });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    phase_ = Phase::none;
    if (ec) return derived().close();
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    set_deadline(Phase::request, state_->options.request_timeout);
    bhttp::async_read_header(derived().stream(), buffer_, *parser_,
                             [self = derived().shared_from_this()](
                                 beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return handle_request();
    if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(
          derived().stream(), net::buffer(kContinue.data(), kContinue.size()),
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
                        if (ec) return self->on_read_error(ec);
                        self->handle_request();
                      });
  }

  void on_read_error(beast::error_code ec) {
    phase_ = Phase::none;
    if (timed_out_) return send_error(TransportError::request_timeout);
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return derived().close();  // the peer went away or the socket failed
    }
    state_->malformed_requests.inc();
    if (ec == bhttp::error::header_limit) return send_error(TransportError::header_too_large);
    if (ec == bhttp::error::body_limit) return send_error(TransportError::body_too_large);
    send_error(TransportError::malformed_request);
  }

  // Answers a request that could not be read, then closes the connection.
  void send_error(TransportError error) {
    begin_exchange("-", false);
    keep_alive_ = false;
    gzip_ok_ = false;
    Outcome outcome;
    outcome.response = state_->handlers.render_error(error);
    outcome.context.request_id = state_->next_request_id();
    write_outcome(std::move(outcome));
  }

  void begin_exchange(std::string method, bool head) {
    started_ = Clock::now();
    state_->in_flight.add(1);
    method_ = std::move(method);
    head_request_ = head;
  }

  void handle_request() {
    phase_ = Phase::none;
    // Fields from a chunked trailer are never header fields (RFC 9110 §6.5): dropped, or the
    // request refused when one names a field of the header section (credentials, Host,
    // Content-*, the request id).
    if (auto removed = trailers_.remove_trailers(parser_->get()); !removed) {
      state_->malformed_requests.inc();
      return send_error(TransportError::header_field_in_trailer);
    }
    BeastRequest beast_request = parser_->release();
    keep_alive_ = beast_request.keep_alive();
    gzip_ok_ = accepts_gzip(beast_request[bhttp::field::accept_encoding]);
    auto request = to_fhir_request(std::move(beast_request));
    if (!request) {
      state_->malformed_requests.inc();
      return send_error(TransportError::malformed_target);
    }
    auto client_id = request->header("x-request-id");
    request->context.request_id = client_id && is_acceptable_request_id(*client_id)
                                      ? std::string(*client_id)
                                      : state_->next_request_id();
    begin_exchange(request->method, request->method == "HEAD");
    // Inline handlers answer on this thread and the write starts at once; pooled ones answer
    // from a worker, and the write is posted back to this connection's io_context.
    try {
      state_->handlers.handle(
          std::move(*request), [self = derived().shared_from_this()](Outcome outcome) mutable {
            auto& ioc = self->worker_.ioc;
            if (ioc.get_executor().running_in_this_thread()) {
              return self->write_outcome(std::move(outcome));
            }
            net::post(ioc, [self = std::move(self), outcome = std::move(outcome)]() mutable {
              self->write_outcome(std::move(outcome));
            });
          });
    } catch (const std::exception& e) {
      state_->logger.event("error", "request handler threw", {{"what", e.what()}});
      in_flight_exchange_failed();
    }
  }

  // The handler threw before answering: answer 500 and close.
  void in_flight_exchange_failed() {
    state_->in_flight.add(-1);
    send_error(TransportError::handler_failed);
  }

  void write_outcome(Outcome outcome) {
    context_ = std::move(outcome.context);
    const fhir::Response& r = outcome.response;
    status_ = r.status;
    if (state_->draining) keep_alive_ = false;

    body_ = r.body;
    std::string_view payload = body_ ? std::string_view(*body_) : std::string_view();
    bool gzipped = false;
    if (gzip_ok_ && payload.size() >= state_->options.gzip_min_bytes &&
        !r.header("content-encoding")) {
      if (auto compressed = gzip_compress(payload)) {
        gzipped_ = std::move(*compressed);
        payload = gzipped_;
        gzipped = true;
      }
    }
    const bool bodiless_status = r.status == 204 || r.status == 304 || r.status < 200;
    write_response_head(head_, r, date_header(), context_.request_id, payload.size(),
                        !bodiless_status, gzipped, keep_alive_);
    const bool send_body = !head_request_ && !bodiless_status;
    bytes_ = send_body ? payload.size() : 0;
    const std::array<net::const_buffer, 2> buffers{net::buffer(head_),
                                                   net::buffer(payload.data(), bytes_)};
    set_deadline(Phase::write, state_->options.request_timeout);
    net::async_write(derived().stream(), buffers,
                     [self = derived().shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_write(ec);
                     });
  }

  void on_write(beast::error_code ec) {
    phase_ = Phase::none;
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
    state_->in_flight.add(-1);
    state_->bytes_out.inc(bytes_);
    metrics_.record(context_.route_template(), status_, static_cast<double>(micros) / 1e6);
    if (state_->handlers.on_exchange) {
      state_->handlers.on_exchange(Exchange{context_, method_, status_, micros, bytes_});
    }
    context_ = {};
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
  Worker& worker_;
  beast::flat_buffer buffer_;
  Phase phase_ = Phase::none;
  Clock::time_point deadline_;

 private:
  std::list<ConnectionBase*>::iterator position_;
  TrailerFilter trailers_;
  // Registered with every parser, which keeps a reference: declared before parser_.
  std::function<void(std::uint64_t, beast::string_view, beast::error_code&)> on_chunk_header_ =
      [this](std::uint64_t size, beast::string_view, beast::error_code&) {
        if (size == 0) trailers_.note_header_section(parser_->get());
      };
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string head_;
  std::shared_ptr<const std::string> body_;
  std::string gzipped_;
  ConnectionMetrics metrics_;
  bool timed_out_ = false;
  bool keep_alive_ = false;
  bool head_request_ = false;
  bool gzip_ok_ = false;
  int status_ = 0;
  std::uint64_t bytes_ = 0;
  std::string method_;
  fhir::RequestContext context_;
  Clock::time_point started_;
  std::time_t date_second_ = 0;
  std::string date_;
};

class PlainConnection : public Connection<PlainConnection>,
                        public std::enable_shared_from_this<PlainConnection> {
 public:
  PlainConnection(tcp::socket&& socket, std::shared_ptr<ServerState> state, Worker& worker);
  void run();
  void close();
  void cancel_io();
  tcp::socket& stream() { return socket_; }

 private:
  tcp::socket socket_;
};

class TlsConnection : public Connection<TlsConnection>,
                      public std::enable_shared_from_this<TlsConnection> {
 public:
  TlsConnection(tcp::socket&& socket, net::ssl::context& ctx, std::shared_ptr<ServerState> state,
                Worker& worker);
  void run();
  void close();
  void cancel_io();
  beast::ssl_stream<tcp::socket>& stream() { return stream_; }

 private:
  beast::ssl_stream<tcp::socket> stream_;
  bool closing_ = false;
};

}  // namespace gateway::http::detail
