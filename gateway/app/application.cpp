// Assembly of the gateway from its libraries.
#include "app/application.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "app/access_log.hpp"
#include "app/admin_routes.hpp"
#include "app/backup_command.hpp"
#include "app/compartment_scope.hpp"
#include "app/core_routes.hpp"
#include "app/disclosure_scope.hpp"
#include "app/metrics_listener.hpp"
#include "app/pipeline.hpp"
#include "app/shared_replay_cache.hpp"
#include "app/store_slot.hpp"
#include "app/transport_errors.hpp"
#include "audit/audit_stage.hpp"
#include "auth/config.hpp"
#include "auth/test_issuer.hpp"
#include "auth/trust_layer.hpp"
#include "fhir/capability.hpp"
#include "fhir/instant.hpp"
#include "http/server.hpp"
#include "medication/medication_module.hpp"
#include "module/module.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"
#include "ops/readiness.hpp"
#include "ops/worker_pool.hpp"
#include "records/patient_lookup.hpp"
#include "records/records_module.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace gateway::app {
namespace {

// The modules this build composes, in route-table order.
std::vector<module::ModuleFactory> module_factories() {
  return {medication::medication_module_factory(), records::records_module_factory()};
}

void add_specs(std::vector<ops::SettingSpec>& specs, std::vector<ops::SettingSpec> more) {
  for (auto& spec : more) {
    const bool known = std::any_of(specs.begin(), specs.end(),
                                   [&](const ops::SettingSpec& s) { return s.key == spec.key; });
    if (!known) specs.push_back(std::move(spec));  // shared keys (public_url) are the core's
  }
}

void append_routes(std::vector<fhir::Route>& table, std::vector<fhir::Route> routes,
                   std::string_view module) {
  for (auto& route : routes) {
    route.module = std::string(module);
    table.push_back(std::move(route));
  }
}

// PostgreSQL when `store` names one, else SQLite in the data dir.
storage::StoreResult<std::unique_ptr<storage::ResourceStore>> open_store(const CoreConfig& config) {
  if (config.store_is_postgres()) {
    storage::postgres::PostgresStoreOptions options;
    options.url = config.store;
    auto opened = storage::postgres::PostgresStore::open(options);
    if (!opened) return std::move(opened).take_error();
    return std::unique_ptr<storage::ResourceStore>(std::move(*opened));
  }
  storage::SqliteStoreOptions options;
  options.path = store_path(config.data_dir);
  options.busy_timeout = config.store_busy_timeout;
  auto opened = storage::SqliteStore::open(options);
  if (!opened) return std::move(opened).take_error();
  return std::unique_ptr<storage::ResourceStore>(std::move(*opened));
}

}  // namespace

std::vector<ops::SettingSpec> all_setting_specs() {
  std::vector<ops::SettingSpec> specs = core_setting_specs();
  add_specs(specs, auth::auth_setting_specs());
  for (const auto& factory : module_factories()) add_specs(specs, factory.setting_specs());
  return specs;
}

struct Application::Impl {
  // Declaration order is teardown order reversed: the pool joins first (its tasks use the
  // pipeline, the trust layer and connections of the server), the logger goes last.
  CoreConfig config;  // the public URL is completed in start(), once the port is bound
  auth::AuthConfig auth_config;
  ops::Logger logger;
  ops::MetricsRegistry metrics;
  ops::Readiness readiness;
  StoreSlot store;                           // before the modules: they hold it from their creation
  std::unique_ptr<audit::AuditQueue> audit;  // writes into `store`; started by the records module
  std::vector<std::unique_ptr<module::Module>> modules;
  std::unique_ptr<auth::TrustLayer> trust;
  // The metrics listener counts its own transport here, apart from the API traffic it serves.
  ops::MetricsRegistry metrics_listener_transport;
  std::unique_ptr<http::Server> metrics_server;
  std::optional<unsigned short> metrics_port;
  std::thread metrics_thread;  // runs metrics_server during run()
  std::unique_ptr<http::Server> server;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<ops::WorkerPool> pool;

  module::Environment environment() {
    return {config.data_dir, config.paging, metrics, logger, readiness, &store, audit.get()};
  }
  fhir::Status start_trust_layer();
  fhir::Status start_metrics_listener();
  fhir::Status reload_modules();
  // Module routes, admin routes, then the core routes serving `capability` (built from
  // what the modules registered, when `capability` is null).
  std::vector<fhir::Route> routes(fhir::CapabilityRegistry& capabilities,
                                  std::shared_ptr<const std::string> capability);
};

Application::Application(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Application::~Application() = default;

Result<std::unique_ptr<Application>, std::vector<std::string>> Application::create(
    const std::map<std::string, std::string>& settings) {
  auto impl = std::make_unique<Impl>();
  ops::SettingsReader reader(settings);
  impl->config = read_core_config(reader);
  impl->logger.set_access_enabled(impl->config.log_access);
  impl->auth_config = auth::load_auth_config(reader);
  if (impl->config.test_issuer && !impl->auth_config.issuer.empty()) {
    reader.add_error(
        "test_issuer: test mode trusts the local test issuer; it cannot be on with "
        "an issuer configured");
  }
  impl->audit = std::make_unique<audit::AuditQueue>(impl->store, impl->metrics, impl->config.audit);
  for (const auto& factory : module_factories()) {
    impl->modules.push_back(factory.create(reader, impl->environment()));
  }
  if (!reader.errors().empty()) return reader.errors();
  return std::unique_ptr<Application>(new Application(std::move(impl)));
}

std::vector<fhir::Route> Application::Impl::routes(fhir::CapabilityRegistry& capabilities,
                                                   std::shared_ptr<const std::string> capability) {
  std::vector<fhir::Route> table;
  for (const auto& module : modules) {
    append_routes(table, module->routes(capabilities), module->name());
  }
  append_routes(table, admin_routes([this] { return reload_modules(); }), "core");
  if (!capability) {
    capability = std::make_shared<const std::string>(
        capabilities.build(config.fhir_base(), GATEWAY_VERSION, ops::utc_timestamp()).dump());
  }
  append_routes(table, core_routes(std::move(capability), metrics, readiness), "core");
  return table;
}

std::vector<fhir::Route> Application::route_table() {
  fhir::CapabilityRegistry capabilities;
  return impl_->routes(capabilities, std::make_shared<const std::string>("{}"));
}

fhir::Status Application::Impl::reload_modules() {
  fhir::Status all;
  for (const auto& module : modules) {
    if (auto reloaded = module->reload(); !reloaded && all) all = std::move(reloaded);
  }
  return all;
}

fhir::Result<unsigned short> Application::start() {
  Impl& s = *impl_;
  if (s.auth_config.issuer.empty() && !s.config.test_issuer) {
    return fhir::make_error(fhir::ErrorKind::internal,
                            "no issuer configured: set issuer, audience and jwks (HelseID), or "
                            "test_issuer = true to trust a local test issuer (NOT FOR PRODUCTION)");
  }
  std::error_code fs_error;
  std::filesystem::create_directories(s.config.data_dir, fs_error);
  if (fs_error) {
    return fhir::make_error(
        fhir::ErrorKind::internal,
        "cannot create data dir '" + s.config.data_dir + "': " + fs_error.message());
  }
  auto opened = open_store(s.config);
  if (!opened) {
    // The URL may hold a password: the message names the kind of store and the failure only.
    return fhir::make_error(fhir::ErrorKind::internal,
                            std::string("cannot open the ") +
                                (s.config.store_is_postgres() ? "PostgreSQL" : "SQLite") +
                                " store: " + opened.error().message);
  }
  s.store.attach(std::move(*opened));
  s.readiness.add_check("store", [store = &s.store]() -> std::optional<std::string> {
    if (auto ready = store->check(); !ready) return "the store does not accept writes";
    return std::nullopt;
  });

  s.pool = std::make_unique<ops::WorkerPool>(s.config.workers, s.metrics);
  http::Handlers handlers{
      [&s](fhir::Request request, http::Respond respond) {
        s.pipeline->handle(std::move(request), std::move(respond));
      },
      &render_transport_error,
      [&logger = s.logger](const http::Exchange& exchange) { log_access(logger, exchange); }};
  s.server =
      std::make_unique<http::Server>(s.config.server, std::move(handlers), s.metrics, s.logger);
  auto port = s.server->start();
  if (!port) return port;
  if (s.config.public_url_from_listen) {
    s.config.public_url = default_public_url(s.config.server, *port);
  }
  if (auto metrics = s.start_metrics_listener(); !metrics) return metrics.error();
  if (auto trust = s.start_trust_layer(); !trust) return trust.error();
  for (const auto& module : s.modules) {
    if (auto started = module->start(s.config.fhir_base()); !started) return started.error();
  }

  // The route table is frozen here, before the I/O threads run.
  fhir::CapabilityRegistry capabilities;
  capabilities.set_security(
      {false,
       "HelseID access tokens bound with DPoP (RFC 9449); patient data needs a practitioner "
       "with a care relationship in the trust-framework attestation",
       {"OAuth"}});
  auto router = std::make_shared<fhir::Router>();
  for (auto& route : s.routes(capabilities, nullptr)) router->add(std::move(route));
  PipelineParts parts;
  parts.routes = std::move(router);
  parts.trust.authenticate = [layer = s.trust.get()](const fhir::Request& request,
                                                     const fhir::Route& route) {
    return layer->authenticate(request, route);
  };
  parts.trust.authorize = [layer = s.trust.get()](fhir::RequestContext& context) {
    return layer->authorize(context);
  };
  if (s.trust->config().dpop_nonce) {
    parts.trust.dpop_nonce = [layer = s.trust.get()] { return layer->current_dpop_nonce(); };
  }
  parts.rules = s.config.access;
  parts.scope = [store = &s.store,
                 privacy = s.config.privacy](fhir::RequestContext& context) -> fhir::Status {
    auto scoped =
        decide_compartment_scope(context, [store](std::string_view system, std::string_view value) {
          return records::compartment_keys_of_patient(*store, system, value);
        });
    if (!scoped) return scoped;
    return decide_request_disclosure(
        context,
        [store](const std::vector<std::string>& keys) {
          return records::active_consents(*store, keys);
        },
        privacy, fhir::now_epoch_ms());
  };
  if (s.config.audit_enabled) {
    parts.audit = [stage = audit::AuditStage(*s.audit, s.metrics)](
                      const fhir::RequestContext& context, fhir::Response response, bool may_wait) {
      return stage(context, std::move(response), may_wait);
    };
  }
  parts.pool = s.pool.get();
  parts.on_exception = [&logger = s.logger](const fhir::RequestContext& context, const char* what) {
    logger.event("error", "handler failed", {{"request_id", context.request_id}, {"what", what}});
  };
  s.pipeline = std::make_unique<Pipeline>(std::move(parts));
  s.server->set_reload_handler([&s] {
    if (auto reloaded = s.reload_modules(); !reloaded) {
      s.logger.event("warn", "reload not started", {{"reason", reloaded.error().diagnostics}});
    }
  });
  s.logger.event("info", "listening",
                 {{"host", s.config.server.host},
                  {"port", std::to_string(*port)},
                  {"base_url", s.config.fhir_base()}});
  return port;
}

fhir::Status Application::Impl::start_metrics_listener() {
  if (!config.metrics_server) return {};
  auto router = std::make_shared<fhir::Router>();
  for (auto& route : metrics_listener_routes(metrics)) router->add(std::move(route));
  metrics_server = std::make_unique<http::Server>(*config.metrics_server,
                                                  metrics_listener_handlers(std::move(router)),
                                                  metrics_listener_transport, logger);
  auto port = metrics_server->start();
  if (!port) {
    return fhir::make_error(fhir::ErrorKind::internal,
                            "metrics_listen: " + port.error().diagnostics);
  }
  metrics_port = *port;
  logger.event("info", "metrics listening",
               {{"host", config.metrics_server->host}, {"port", std::to_string(*port)}});
  return {};
}

fhir::Status Application::Impl::start_trust_layer() {
  if (config.test_issuer) {  // create() refused it beside an issuer, start() without one
    auto local = auth::ensure_local_test_issuer(config.data_dir, auth_config);
    if (!local) return local.error();
    auth_config = std::move(*local);
    logger.event("warn", "test mode: trusting the local test issuer, NOT FOR PRODUCTION",
                 {{"issuer", auth_config.issuer}, {"jwks", auth_config.jwks}});
    readiness.add_warning(
        "test issuer: tokens from a locally generated key are trusted (test_issuer = true), "
        "NOT FOR PRODUCTION");
  } else if (auth_config.public_url.empty()) {
    auth_config.public_url = config.public_url;
  }
  std::shared_ptr<auth::ReplayCache> replay;  // default: in memory, this process only
  if (config.store_is_postgres()) {
    auto shared = std::make_shared<SharedReplayCache>(config.store);
    if (auto prepared = shared->prepare(); !prepared) {
      logger.event("warn",
                   "the shared DPoP replay cache is not ready; proofs are refused until "
                   "the database answers",
                   {{"reason", prepared.error().message}});
    }
    replay = std::move(shared);
  }
  trust = std::make_unique<auth::TrustLayer>(auth_config, metrics, auth::system_clock_seconds,
                                             auth::JwksFetcher{}, std::move(replay));
  trust->set_failure_log([&log = logger](const auth::FailureRecord& failure) {
    log.event("warn", "auth refused",
              {{"reason", std::string(failure.reason)},
               {"detail", std::string(failure.detail)},
               {"request_id", std::string(failure.request_id)},
               {"route", std::string(failure.route)},
               {"kid", std::string(failure.kid)},
               {"client_id", std::string(failure.client_id)},
               {"jti", std::string(failure.token_jti)},
               {"proof_jti", std::string(failure.proof_jti)}});
  });
  // One fetch before serving (bounded by jwks_fetch_timeout_ms; the I/O threads are not
  // running yet), so the first requests find keys. After that the trust layer's refresher
  // thread fetches on a timer and early when a token names an unknown kid: no request ever
  // waits for it.
  if (auto loaded = trust->load_keys(); !loaded) {
    logger.event("warn", "could not load the issuer's keys yet; the refresher keeps trying",
                 {{"reason", loaded.error().log_detail}});
  }
  trust->start_key_refresh();
  readiness.add_check("issuer keys", [layer = trust.get()]() -> std::optional<std::string> {
    if (layer->keys_loaded()) return std::nullopt;
    return "the issuer's signing keys are not loaded yet";
  });
  return {};
}

void Application::run() {
  if (auto* listener = impl_->metrics_server.get()) {
    impl_->metrics_thread = std::thread([listener] { listener->run(); });
  }
  impl_->server->run();
  if (impl_->metrics_thread.joinable()) {
    impl_->metrics_server->stop();
    impl_->metrics_thread.join();
  }
  impl_->pool->stop();
  for (const auto& module : impl_->modules) module->stop();
  impl_->logger.event("info", "stopped");
  impl_->logger.flush();
}

void Application::stop() {
  if (impl_->server) impl_->server->stop();
}

const CoreConfig& Application::config() const { return impl_->config; }

std::optional<unsigned short> Application::metrics_port() const { return impl_->metrics_port; }

}  // namespace gateway::app
