// Listener, TLS context, signals and the graceful-stop sequence.
#include "http/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include "http/connection.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"

namespace gateway::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr auto kSweepInterval = std::chrono::milliseconds(100);
}

struct Server::Impl {
  Impl(ServerOptions options, Handlers handlers, ops::MetricsRegistry& metrics, ops::Logger& logger)
      : state(std::make_shared<detail::ServerState>(std::move(options), std::move(handlers),
                                                    metrics, logger)) {
    unsigned threads = state->options.threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; ++i) workers.push_back(std::make_unique<detail::Worker>());
    acceptor.emplace(main().ioc);
    signals.emplace(main().ioc);
    hangup.emplace(main().ioc);
    drain_timer.emplace(main().ioc);
  }

  detail::Worker& main() { return *workers.front(); }

  void accept() {
    detail::Worker& target = *workers[next_worker++ % workers.size()];
    acceptor->async_accept(
        target.ioc, [this, &target](boost::system::error_code ec, tcp::socket socket) {
          if (ec) {
            if (!acceptor->is_open()) return;
            return accept();
          }
          net::post(target.ioc, [this, &target, socket = std::move(socket)]() mutable {
            on_accept(std::move(socket), target);
          });
          accept();
        });
  }

  // Runs on the worker that will own the connection.
  void on_accept(tcp::socket socket, detail::Worker& worker) {
    boost::system::error_code ignored;
    if (state->draining) return socket.close(ignored);
    socket.set_option(tcp::no_delay(true), ignored);
    if (state->open_connections.load() >= state->options.max_connections) {
      state->rejected_connections.inc();
      reject(std::move(socket));
      return;
    }
    if (tls) {
      std::make_shared<detail::TlsConnection>(std::move(socket), *tls, state, worker)->run();
    } else {
      std::make_shared<detail::PlainConnection>(std::move(socket), state, worker)->run();
    }
  }

  // At the connection limit: a short 503 and close, without reading the request.
  void reject(tcp::socket socket) {
    const fhir::Response busy = state->handlers.render_error(TransportError::too_many_connections);
    auto bytes = std::make_shared<std::string>();
    detail::write_response_head(*bytes, busy, fhir::format_http_date(std::time(nullptr)),
                                state->next_request_id(), busy.body_view().size(), true, false,
                                false);
    *bytes += busy.body_view();
    auto s = std::make_shared<tcp::socket>(std::move(socket));
    net::async_write(*s, net::buffer(*bytes), [s, bytes](boost::system::error_code, std::size_t) {
      boost::system::error_code ignored;
      s->shutdown(tcp::socket::shutdown_both, ignored);
      s->close(ignored);
    });
  }

  void sweep(detail::Worker& worker) {
    worker.sweep_timer.expires_after(kSweepInterval);
    worker.sweep_timer.async_wait([this, &worker](boost::system::error_code ec) {
      if (ec) return;
      const auto now = detail::Clock::now();
      for (auto* connection : worker.connections) connection->check_deadline(now);
      sweep(worker);
    });
  }

  void wait_signals() {
    signals->async_wait([this](boost::system::error_code ec, int signo) {
      if (ec) return;
      state->logger.event("info", "signal received, stopping gracefully",
                          {{"signal", std::to_string(signo)}});
      begin_stop();
    });
    wait_hangup();
  }

  void wait_hangup() {
    hangup->async_wait([this](boost::system::error_code ec, int) {
      if (ec) return;
      state->logger.event("info", "SIGHUP received, reloading");
      if (on_reload) on_reload();
      wait_hangup();
    });
  }

  void begin_stop() {
    // Set at once, so responses being produced right now already say Connection: close.
    if (state->draining.exchange(true)) return;
    net::post(main().ioc, [this] {
      boost::system::error_code ignored;
      acceptor->close(ignored);
      signals->cancel(ignored);
      hangup->cancel(ignored);
      for (auto& worker : workers) {
        net::post(worker->ioc, [w = worker.get()] {
          for (auto* connection : w->connections) connection->drain();
        });
      }
      deadline = std::chrono::steady_clock::now() + state->options.shutdown_grace;
      poll_drained();
    });
  }

  void poll_drained() {
    if (state->open_connections.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (state->open_connections.load() != 0) {
        state->logger.event("warn", "grace period over, closing remaining connections",
                            {{"open", std::to_string(state->open_connections.load())}});
      }
      for (auto& worker : workers) worker->ioc.stop();
      return;
    }
    drain_timer->expires_after(std::chrono::milliseconds(10));
    drain_timer->async_wait([this](boost::system::error_code) { poll_drained(); });
  }

  std::shared_ptr<detail::ServerState> state;
  std::unique_ptr<net::ssl::context> tls;  // outlives the workers' TLS connections
  std::vector<std::unique_ptr<detail::Worker>> workers;
  std::size_t next_worker = 0;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::optional<net::signal_set> hangup;
  std::optional<net::steady_timer> drain_timer;
  std::function<void()> on_reload;
  std::chrono::steady_clock::time_point deadline;
};

Server::Server(ServerOptions options, Handlers handlers, ops::MetricsRegistry& metrics,
               ops::Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers), metrics, logger)) {}

Server::~Server() = default;

fhir::Result<unsigned short> Server::start() {
  const ServerOptions& o = impl_->state->options;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                     net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(o.tls_cert_file, ec);
    if (!ec) ctx->use_private_key_file(o.tls_key_file, net::ssl::context::pem, ec);
    if (ec) {
      return fhir::make_error(fhir::ErrorKind::internal,
                              "cannot load TLS certificate or key: " + ec.message());
    }
    impl_->tls = std::move(ctx);
  }
  boost::system::error_code ec;
  const auto address = net::ip::make_address(o.host, ec);
  if (ec)
    return fhir::make_error(fhir::ErrorKind::internal, "invalid listen address '" + o.host + "'");
  const tcp::endpoint endpoint(address, o.port);
  auto& acceptor = *impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return fhir::make_error(
        fhir::ErrorKind::internal,
        "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + ec.message());
  }
  if (o.handle_signals) {
    impl_->signals->add(SIGINT);
    impl_->signals->add(SIGTERM);
    impl_->hangup->add(SIGHUP);
    impl_->wait_signals();
  }
  impl_->accept();
  return acceptor.local_endpoint().port();
}

void Server::run() {
  auto& workers = impl_->workers;
  for (auto& worker : workers) impl_->sweep(*worker);
  std::vector<std::thread> threads;
  threads.reserve(workers.size() - 1);
  for (std::size_t i = 1; i < workers.size(); ++i) {
    threads.emplace_back([w = workers[i].get()] { w->ioc.run(); });
  }
  workers.front()->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() { impl_->begin_stop(); }

void Server::set_reload_handler(std::function<void()> on_reload) {
  impl_->on_reload = std::move(on_reload);
}

std::size_t Server::open_connections() const { return impl_->state->open_connections.load(); }

}  // namespace gateway::http
