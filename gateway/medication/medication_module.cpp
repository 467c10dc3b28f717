// Medication as a module: settings -> config, catalog service lifecycle, routes.
#include "medication/medication_module.hpp"

#include <chrono>
#include <future>

#include "medication/catalog/service.hpp"
#include "medication/medication_config.hpp"
#include "medication/medication_routes.hpp"

namespace gateway::medication {
namespace {

class MedicationModule final : public module::Module {
 public:
  MedicationModule(MedicationConfig config, const module::Environment& env)
      : config_(std::move(config)),
        logger_(env.logger),
        catalog_(std::make_shared<CatalogService>(
            CatalogSources{config_.fest_path, config_.snapshot_path()}, env.metrics)) {
    env.readiness.add_check("medication",
                            [service = catalog_.get()] { return service->readiness(); });
    catalog_->on_load_finished([&log = logger_](const fhir::Result<ReloadReport>& result) {
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
  }

  std::string_view name() const override { return "medication"; }

  fhir::Status start(std::string_view fhir_base) override {
    config_.public_base_url = std::string(fhir_base);
    return launched(catalog_->start(), "catalog load started");
  }

  std::vector<fhir::Route> routes(fhir::CapabilityRegistry& capabilities) override {
    return medication_routes(capabilities, catalog_, config_);
  }

  fhir::Status reload() override { return launched(catalog_->reload(), "catalog reload started"); }

 private:
  // A refused load (one is running: conflict) is known at once and is an error; a started
  // one completes later (maybe at once, when it fails fast) and reports through the load
  // listener, the catalog metrics and readiness.
  fhir::Status launched(std::future<fhir::Result<ReloadReport>> pending, std::string_view message) {
    if (pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      auto result = pending.get();
      if (!result && result.error().kind == fhir::ErrorKind::conflict) {
        logger_.event("warn", "catalog load not started", {{"reason", result.error().diagnostics}});
        return std::move(result).take_error();
      }
    }
    logger_.event("info", message);
    return {};
  }

  MedicationConfig config_;
  ops::Logger& logger_;
  std::shared_ptr<CatalogService> catalog_;
};

std::unique_ptr<module::Module> create(ops::SettingsReader& settings,
                                       const module::Environment& env) {
  return std::make_unique<MedicationModule>(
      load_medication_config(settings, env.data_dir, "", env.paging), env);
}

}  // namespace

module::ModuleFactory medication_module_factory() {
  return {"medication", &medication_setting_specs, &create};
}

}  // namespace gateway::medication
