// The async HTTP/1.1 server (Boost.Beast; the only place that knows it): accepts
// connections, reads requests within limits, hands them to the application, writes the
// responses it returns.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "fhir/error.hpp"
#include "http/handler.hpp"
#include "http/server_options.hpp"

namespace gateway::ops {
class MetricsRegistry;
class Logger;
}  // namespace gateway::ops

namespace gateway::http {

class Server {
 public:
  Server(ServerOptions options, Handlers handlers, ops::MetricsRegistry& metrics,
         ops::Logger& logger);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port (useful with port 0).
  fhir::Result<unsigned short> start();
  // Runs the I/O threads until the server has stopped; blocks the calling thread.
  void run();
  // Graceful stop, callable from any thread: stop accepting, let in-flight requests finish
  // within the grace period, close idle connections, then return from run().
  void stop();
  // Called on SIGHUP (when signals are handled); must not block.
  void set_reload_handler(std::function<void()> on_reload);
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gateway::http
