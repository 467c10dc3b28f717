// Settings -> config, the search registry, the routes of the stored types.
#include "records/records_module.hpp"

#include "records/records_routes.hpp"
#include "records/registry_search_support.hpp"
#include "records/write_support.hpp"

namespace gateway::records {
namespace {

#ifndef GATEWAY_DEFAULT_DEFINITIONS_DIR
#define GATEWAY_DEFAULT_DEFINITIONS_DIR ""
#endif
#ifndef GATEWAY_DEFAULT_PROFILES_DIR
#define GATEWAY_DEFAULT_PROFILES_DIR ""
#endif

std::vector<ops::SettingSpec> setting_specs() {
  return {
      {"fhir_definitions", GATEWAY_DEFAULT_DEFINITIONS_DIR,
       "Directory of the unpacked hl7.fhir.r4b.core@4.3.0 package (SearchParameters, "
       "CompartmentDefinition, StructureDefinitions)"},
      {"fhir_profiles", GATEWAY_DEFAULT_PROFILES_DIR,
       "Directory of our own definitions (SearchParameters, profiles, CodeSystems, ValueSets)"},
      {"records_require_if_match", "true",
       "Updates of stored patient-data resources must send If-Match (428 otherwise)"},
      {"records_max_bundle_entries", "500", "Most entries of one batch or transaction Bundle"},
  };
}

class RecordsModule final : public module::Module {
 public:
  RecordsModule(std::shared_ptr<RegistrySearchSupport> search,
                std::shared_ptr<const validation::Validator> validator, RecordsConfig config,
                storage::ResourceStore& store, audit::AuditQueue* audit)
      : search_(std::move(search)),
        validator_(std::move(validator)),
        config_(config),
        store_(store),
        audit_(audit) {}

  std::string_view name() const override { return "records"; }

  fhir::Status start(std::string_view fhir_base) override {
    base_url_ = std::string(fhir_base);
    search_->set_base_url(base_url_);
    // The audit trail's records are indexed like every stored AuditEvent, on the requests'
    // threads.
    if (audit_) {
      audit_->start([search = search_](fhir::Json event) {
        return make_write(*search, "AuditEvent", with_id(event, new_resource_id()), 0);
      });
    }
    return {};
  }

  std::vector<fhir::Route> routes(fhir::CapabilityRegistry& capabilities) override {
    auto context = std::make_shared<const RecordsContext>(
        RecordsContext{store_, *search_, *validator_, config_, base_url_});
    // The context refers to the search support and the validator; all live as long as the
    // routes.
    auto keep = std::shared_ptr<const RecordsContext>(
        context.get(),
        [context, search = search_, validator = validator_](const RecordsContext*) {});
    return records_routes(capabilities, std::move(keep));
  }

 private:
  std::shared_ptr<RegistrySearchSupport> search_;
  std::shared_ptr<const validation::Validator> validator_;
  RecordsConfig config_;
  storage::ResourceStore& store_;
  audit::AuditQueue* audit_;  // may be null (tests): patient-data answers then get 503
  std::string base_url_;
};

std::unique_ptr<module::Module> create(ops::SettingsReader& settings,
                                       const module::Environment& env) {
  search::DefinitionSources sources;
  sources.core_package_dir = settings.text("fhir_definitions", GATEWAY_DEFAULT_DEFINITIONS_DIR);
  const std::string profiles = settings.text("fhir_profiles", GATEWAY_DEFAULT_PROFILES_DIR);
  if (!profiles.empty()) sources.profile_dirs.push_back(profiles);
  RecordsConfig config;
  config.require_if_match = settings.boolean("records_require_if_match", true);
  config.max_bundle_entries =
      static_cast<std::size_t>(settings.integer("records_max_bundle_entries", 500, 1, 10000));
  config.paging = env.paging;
  if (!env.store) {
    settings.add_error("records: no patient-data store is open");
    return nullptr;
  }
  auto registry = search::SearchRegistry::load(sources, search::default_stored_types(),
                                               search::default_searched_parameters());
  if (!registry) {
    settings.add_error("fhir_definitions: " + registry.error().diagnostics + " (" +
                       registry.error().log_detail + ")");
    return nullptr;
  }
  auto shared = std::make_shared<const search::SearchRegistry>(std::move(*registry));
  validation::ValidatorSources validation_sources;
  validation_sources.core_package_dir = sources.core_package_dir;
  validation_sources.profile_dirs = sources.profile_dirs;
  validation_sources.default_profiles = default_profiles();
  validation_sources.eager_resources = stored_types();
  auto validator = validation::Validator::load(validation_sources, shared->shared_model());
  if (!validator) {
    settings.add_error("fhir_profiles: " + validator.error());
    return nullptr;
  }
  auto support = std::make_shared<RegistrySearchSupport>(std::move(shared), env.paging);
  return std::make_unique<RecordsModule>(std::move(support), std::move(*validator), config,
                                         *env.store, env.audit);
}

}  // namespace

module::ModuleFactory records_module_factory() { return {"records", &setting_specs, &create}; }

}  // namespace gateway::records
