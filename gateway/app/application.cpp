// Assembly of the gateway from its libraries.
#include "app/application.hpp"

#include <filesystem>

#include "app/core_routes.hpp"
#include "app/pipeline.hpp"
#include "fhir/capability.hpp"
#include "fhir/router.hpp"
#include "http/server.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"
#include "ops/readiness.hpp"
#include "storage/sqlite_database.hpp"

namespace gateway::app {

std::vector<ops::SettingSpec> all_setting_specs() {
  std::vector<ops::SettingSpec> specs = core_setting_specs();
  specs.push_back({"log_access", "true", "write one JSON access-log line per request to stderr"});
  return specs;
}

struct Application::Impl {
  std::map<std::string, std::string> settings;
  CoreConfig config;
  ops::Logger logger;
  ops::MetricsRegistry metrics;
  ops::Readiness readiness;
  std::unique_ptr<storage::SqliteDatabase> database;
  fhir::Router router;
  fhir::CapabilityRegistry capabilities;
  Authorizer authorizer;
  std::unique_ptr<http::Server> server;
};

Application::Application(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Application::~Application() = default;

std::variant<std::unique_ptr<Application>, std::vector<std::string>> Application::create(
    const std::map<std::string, std::string>& settings) {
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  ops::SettingsReader reader(settings);
  impl->config = read_core_config(reader);
  impl->logger.set_access_enabled(reader.boolean("log_access", true));
  if (!reader.errors().empty()) return reader.errors();
  return std::unique_ptr<Application>(new Application(std::move(impl)));
}

fhir::Result<unsigned short> Application::start() {
  Impl& s = *impl_;
  std::error_code fs_error;
  std::filesystem::create_directories(s.config.data_dir, fs_error);
  if (fs_error) {
    return fhir::make_error(fhir::ErrorKind::internal,
                            "cannot create data dir '" + s.config.data_dir + "': " + fs_error.message());
  }
  auto opened = storage::SqliteDatabase::open(s.config.data_dir + "/gateway.db");
  if (auto* e = std::get_if<storage::StorageError>(&opened)) {
    return fhir::make_error(fhir::ErrorKind::internal, e->message);
  }
  s.database = std::move(std::get<0>(opened));
  s.readiness.add_check("store", [db = s.database.get()]() -> std::optional<std::string> {
    if (db->ping()) return std::nullopt;
    return "the database does not answer";
  });

  s.server = std::make_unique<http::Server>(
      s.config.server,
      [this](fhir::Request& request) {
        return handle_request(impl_->router, impl_->authorizer, request);
      },
      s.metrics, s.logger);
  auto port = s.server->start();
  if (!port) return port;
  if (s.settings.count("public_url") == 0 || s.settings.at("public_url").empty()) {
    const std::string scheme = s.config.server.tls_cert_file.empty() ? "http://" : "https://";
    const std::string host = s.config.server.host == "0.0.0.0" ? "localhost" : s.config.server.host;
    s.config.public_url = scheme + host + ":" + std::to_string(*port);
  }

  auto capability = std::make_shared<const std::string>(
      s.capabilities.build(s.config.fhir_base(), GATEWAY_VERSION, ops::utc_timestamp()).dump());
  register_core_routes(s.router, std::move(capability), s.metrics, s.readiness);
  s.logger.event("info", "listening",
                 {{"host", s.config.server.host}, {"port", std::to_string(*port)},
                  {"base_url", s.config.fhir_base()}});
  return port;
}

void Application::run() {
  impl_->server->run();
  impl_->logger.event("info", "stopped");
  impl_->logger.flush();
}

void Application::stop() {
  if (impl_->server) impl_->server->stop();
}

const CoreConfig& Application::config() const { return impl_->config; }

}  // namespace gateway::app
