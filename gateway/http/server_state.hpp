// State shared by the listener and every connection of one server, and the per-thread
// worker that owns its connections (internal to the http library).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "http/handler.hpp"
#include "http/server_options.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"

namespace gateway::http::detail {

using Clock = std::chrono::steady_clock;

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Finish the current request, if any, and close. Called on the connection's own thread.
  virtual void drain() = 0;
  // Enforce the connection's current deadline. Called on the connection's own thread.
  virtual void check_deadline(Clock::time_point now) = 0;
};

// One I/O thread: its io_context and the connections that live on it. Connections never
// move between workers, so nothing here needs a lock.
struct Worker {
  Worker() : ioc(1), sweep_timer(ioc) {}
  // Declared first so it outlives the io_context: destroying pending handlers may destroy
  // connections, which remove themselves from this list.
  std::list<ConnectionBase*> connections;
  boost::asio::io_context ioc;
  boost::asio::steady_timer sweep_timer;
};

struct ServerState {
  ServerState(ServerOptions opts, Handlers h, ops::MetricsRegistry& m, ops::Logger& l);

  ServerOptions options;
  Handlers handlers;
  ops::MetricsRegistry& metrics;
  ops::Logger& logger;
  ops::Gauge& in_flight;
  ops::Gauge& open_connections_gauge;
  ops::Counter& bytes_out;
  ops::Counter& rejected_connections;
  ops::Counter& malformed_requests;
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> open_connections{0};
  std::string request_id_prefix;
  std::atomic<std::uint64_t> request_counter{0};

  std::string next_request_id();
};

}  // namespace gateway::http::detail
