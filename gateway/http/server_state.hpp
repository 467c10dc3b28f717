// State shared by the listener and every connection of one server (internal to http).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/handler.hpp"
#include "http/server_options.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"

namespace gateway::http::detail {

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Asks the connection to finish its current request, if any, and close.
  virtual void drain() = 0;
};

struct ServerState {
  ServerState(ServerOptions opts, RequestHandler h, ops::MetricsRegistry& m, ops::Logger& l);

  ServerOptions options;
  RequestHandler handler;
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

  std::uint64_t add_connection(std::weak_ptr<ConnectionBase> connection);
  void remove_connection(std::uint64_t id);
  void drain_all();
  std::string next_request_id();

 private:
  std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<ConnectionBase>> connections_;
};

}  // namespace gateway::http::detail
