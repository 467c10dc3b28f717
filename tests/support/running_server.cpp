// In-process servers for integration tests.
#include "running_server.hpp"

#include <fcntl.h>

#include <stdexcept>
#include <thread>

#include "app/transport_errors.hpp"
#include "http_client.hpp"

namespace gateway::testing {

bool wait_until_ready(unsigned short port, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto r = http_request(port, "GET", "/health/ready");
    if (r && r->result_int() == 200) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

RunningApplication::RunningApplication(std::map<std::string, std::string> settings) {
  settings.try_emplace("listen", "127.0.0.1:0");
  settings.try_emplace("data_dir", dir_.str() + "/data");
  settings.try_emplace("threads", "2");
  settings.try_emplace("metrics_listen", "127.0.0.1:0");  // never the fixed default port
  if (settings.count("issuer") == 0) settings.try_emplace("test_issuer", "true");
  auto created = app::Application::create(settings);
  if (!created) throw std::runtime_error("invalid test settings: " + created.error().front());
  app_ = std::move(*created);
  auto port = app_->start();
  if (!port) throw std::runtime_error("start failed: " + port.error().diagnostics);
  port_ = *port;
  thread_ = std::thread([this] { app_->run(); });
}

RunningApplication::~RunningApplication() { stop_and_wait(); }

void RunningApplication::stop_and_wait() {
  if (!thread_.joinable()) return;
  app_->stop();
  thread_.join();
}

http::Handlers handlers_for(const app::Pipeline& pipeline) {
  return {[&pipeline](fhir::Request request, http::Respond respond) {
            pipeline.handle(std::move(request), std::move(respond));
          },
          &app::render_transport_error,
          {}};
}

RunningServer::RunningServer(http::ServerOptions options, SyncHandler handler)
    : RunningServer(std::move(options),
                    http::Handlers{[handler = std::move(handler)](fhir::Request request,
                                                                  http::Respond respond) {
                                     http::Outcome out = handler(request);
                                     out.context = std::move(request.context);
                                     respond(std::move(out));
                                   },
                                   &app::render_transport_error,
                                   {}}) {}

RunningServer::RunningServer(http::ServerOptions options, http::Handlers handlers)
    : logger_(::open("/dev/null", O_WRONLY | O_CLOEXEC)) {
  options.host = "127.0.0.1";
  options.port = 0;
  options.handle_signals = false;
  server_ =
      std::make_unique<http::Server>(std::move(options), std::move(handlers), metrics_, logger_);
  auto port = server_->start();
  if (!port) throw std::runtime_error("start failed: " + port.error().diagnostics);
  port_ = *port;
  thread_ = std::thread([this] { server_->run(); });
}

RunningServer::~RunningServer() { stop_and_wait(); }

void RunningServer::stop_and_wait() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace gateway::testing
