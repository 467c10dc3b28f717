// Assembly of the gateway from its libraries.
#include "app/application.hpp"

#include <algorithm>
#include <filesystem>

#include "app/admin_routes.hpp"
#include "app/core_routes.hpp"
#include "app/pipeline.hpp"
#include "auth/config.hpp"
#include "auth/test_issuer.hpp"
#include "auth/trust_layer.hpp"
#include "fhir/capability.hpp"
#include "fhir/router.hpp"
#include "http/server.hpp"
#include "medication/catalog/service.hpp"
#include "medication/medication_config.hpp"
#include "medication/medication_routes.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"
#include "ops/readiness.hpp"
#include "storage/sqlite_database.hpp"

namespace gateway::app {

std::vector<ops::SettingSpec> all_setting_specs() {
  std::vector<ops::SettingSpec> specs = core_setting_specs();
  specs.push_back({"log_access", "true", "write one JSON access-log line per request to stderr"});
  specs.push_back({"grunndata_public", "false",
                   "serve medication master data without a token (it is public data)"});
  for (auto module_specs : {auth::auth_setting_specs(), medication::medication_setting_specs()}) {
    for (auto& spec : module_specs) {
      const bool known = std::any_of(specs.begin(), specs.end(),
                                     [&](const ops::SettingSpec& s) { return s.key == spec.key; });
      if (!known) specs.push_back(std::move(spec));  // shared keys (public_url) are the core's
    }
  }
  return specs;
}

namespace {

Caller caller_of(std::shared_ptr<const auth::Principal> principal) {
  Caller caller;
  if (principal) {
    caller.client_id = principal->client_id;
    caller.orgnr_parent = principal->orgnr_parent;
    caller.orgnr_child = principal->orgnr_child;
    caller.hpr_number = principal->hpr_number;
  }
  caller.principal = std::move(principal);
  return caller;
}

}  // namespace

struct Application::Impl {
  // Read and validated in create(); the public URL parts are completed in start(), once the
  // port is bound.
  CoreConfig config;
  auth::AuthConfig auth_config;
  medication::MedicationConfig medication_config;
  bool grunndata_public = false;
  ops::Logger logger;
  ops::MetricsRegistry metrics;
  ops::Readiness readiness;
  std::unique_ptr<storage::SqliteDatabase> database;
  fhir::Router router;
  fhir::CapabilityRegistry capabilities;
  Authorizer authorizer;
  std::unique_ptr<auth::TrustLayer> trust;
  std::shared_ptr<medication::CatalogService> catalog;
  std::unique_ptr<http::Server> server;

  fhir::Result<bool> start_trust_layer();
  void start_medication();
};

Application::Application(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Application::~Application() = default;

std::variant<std::unique_ptr<Application>, std::vector<std::string>> Application::create(
    const std::map<std::string, std::string>& settings) {
  auto impl = std::make_unique<Impl>();
  ops::SettingsReader reader(settings);
  impl->config = read_core_config(reader);
  impl->logger.set_access_enabled(reader.boolean("log_access", true));
  impl->auth_config = auth::load_auth_config(reader);
  impl->grunndata_public = reader.boolean("grunndata_public", false);
  impl->medication_config = medication::load_medication_config(
      reader, impl->config.data_dir, impl->config.fhir_base(), impl->config.paging);
  if (!reader.errors().empty()) return reader.errors();
  return std::unique_ptr<Application>(new Application(std::move(impl)));
}

fhir::Result<unsigned short> Application::start() {
  Impl& s = *impl_;
  std::error_code fs_error;
  std::filesystem::create_directories(s.config.data_dir, fs_error);
  if (fs_error) {
    return fhir::make_error(
        fhir::ErrorKind::internal,
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
  if (s.config.public_url_from_listen) {
    s.config.public_url = default_public_url(s.config.server, *port);
    s.medication_config.public_base_url = s.config.fhir_base();
  }

  if (auto trust = s.start_trust_layer(); !trust) return trust.error();
  s.start_medication();
  register_admin_routes(s.router, s.catalog, s.logger);
  s.server->set_reload_handler(
      [catalog = s.catalog, &logger = s.logger] { request_catalog_reload(*catalog, logger); });

  auto capability = std::make_shared<const std::string>(
      s.capabilities.build(s.config.fhir_base(), GATEWAY_VERSION, ops::utc_timestamp()).dump());
  register_core_routes(s.router, std::move(capability), s.metrics, s.readiness);
  s.logger.event("info", "listening",
                 {{"host", s.config.server.host},
                  {"port", std::to_string(*port)},
                  {"base_url", s.config.fhir_base()}});
  return port;
}

fhir::Result<bool> Application::Impl::start_trust_layer() {
  if (auth_config.issuer.empty()) {
    auto local = auth::ensure_local_test_issuer(config.data_dir, auth_config);
    if (!local) return local.error();
    auth_config = std::move(*local);
    logger.event("warn", "no issuer configured: trusting the LOCAL TEST ISSUER, NOT FOR PRODUCTION",
                 {{"issuer", auth_config.issuer}, {"jwks", auth_config.jwks}});
  } else if (auth_config.public_url.empty()) {
    auth_config.public_url = config.public_url;
  }
  trust = std::make_unique<auth::TrustLayer>(auth_config, metrics);
  if (auto problem = trust->load_keys()) {
    logger.event("warn", "could not load the issuer's keys yet; will retry on demand",
                 {{"reason", *problem}});
  }
  authorizer = [layer = trust.get(), grunndata_public = grunndata_public](
                   const fhir::Request& request, const fhir::Route& route) -> fhir::Result<Caller> {
    if (grunndata_public && route.access == fhir::Access::grunndata) return Caller{};
    auto principal = layer->authorize(request, route);
    if (!principal) return std::move(principal).take_error();
    return caller_of(std::move(*principal));
  };
  capabilities.set_security(
      {false,
       "HelseID access tokens bound with DPoP (RFC 9449); patient data needs a practitioner "
       "with a care relationship in the trust-framework attestation",
       {"OAuth"}});
  return true;
}

void Application::Impl::start_medication() {
  catalog = std::make_shared<medication::CatalogService>(
      medication::CatalogSources{medication_config.fest_path, medication_config.snapshot_path()},
      metrics);
  readiness.add_check("medication", [service = catalog.get()] { return service->readiness(); });
  catalog->on_load_finished([&log = logger](const fhir::Result<medication::ReloadReport>& result) {
    if (!result) {
      log.event("error", "catalog load failed; the catalog in service is unchanged",
                {{"reason", result.error().diagnostics}, {"detail", result.error().log_detail}});
      return;
    }
    log.event("info", "catalog loaded",
              {{"source", result->source},
               {"resources", std::to_string(result->resources)},
               {"seconds", std::to_string(result->duration_seconds)},
               {"warnings", std::to_string(result->warnings.size())}});
  });
  medication::register_medication_routes(router, capabilities, catalog, medication_config);
  request_catalog_reload(*catalog, logger, /*first_load=*/true);
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
