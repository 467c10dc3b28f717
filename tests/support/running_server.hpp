// Test fixtures that run a server in this process on 127.0.0.1 port 0: either the whole
// application with chosen settings, or the bare transport with a handler function.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "app/application.hpp"
#include "app/pipeline.hpp"
#include "http/server.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"
#include "temp_dir.hpp"

namespace gateway::testing {

class RunningApplication {
 public:
  // `settings` override the defaults; listen, metrics_listen (port 0) and data_dir are chosen
  // here unless given, and test mode (test_issuer) is on unless an issuer is.
  explicit RunningApplication(std::map<std::string, std::string> settings = {});
  ~RunningApplication();
  unsigned short port() const { return port_; }
  // The metrics listener's port (the test fails when metrics_listen turned it off).
  unsigned short metrics_port() const { return app_->metrics_port().value_or(0); }
  app::Application& app() { return *app_; }
  const TempDir& data_dir() const { return dir_; }
  void stop_and_wait();

 private:
  TempDir dir_;
  std::unique_ptr<app::Application> app_;
  unsigned short port_ = 0;
  std::thread thread_;
};

// Polls GET /health/ready until it answers 200 (true) or `limit` passes (false).
[[nodiscard]] bool wait_until_ready(unsigned short port,
                                    std::chrono::milliseconds limit = std::chrono::seconds(10));

// Handlers that run `pipeline` (which must outlive the server) and render transport errors
// as the application does.
http::Handlers handlers_for(const app::Pipeline& pipeline);

// A handler that answers at once, on the I/O thread.
using SyncHandler = std::function<http::Outcome(fhir::Request&)>;

class RunningServer {
 public:
  // Transport errors are rendered as the application renders them.
  RunningServer(http::ServerOptions options, SyncHandler handler);
  RunningServer(http::ServerOptions options, http::Handlers handlers);
  ~RunningServer();
  unsigned short port() const { return port_; }
  http::Server& server() { return *server_; }
  ops::MetricsRegistry& metrics() { return metrics_; }
  void stop_and_wait();

 private:
  ops::Logger logger_;
  ops::MetricsRegistry metrics_;
  std::unique_ptr<http::Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

}  // namespace gateway::testing
