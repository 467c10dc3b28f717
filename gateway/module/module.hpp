// A domain module (medication now; documents, critical information, audit next): one object
// that contributes its settings, routes, capabilities, readiness checks and metrics, and has
// a lifecycle (start, reload, stop). The application composes a list of them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_queue.hpp"
#include "fhir/capability.hpp"
#include "fhir/error.hpp"
#include "fhir/router.hpp"
#include "fhir/search_common.hpp"
#include "ops/logger.hpp"
#include "ops/metrics.hpp"
#include "ops/readiness.hpp"
#include "ops/settings.hpp"
#include "storage/resource_store.hpp"

namespace gateway::module {

// What the application lends every module; it outlives the modules.
struct Environment {
  std::string data_dir;
  fhir::PagingLimits paging;
  ops::MetricsRegistry& metrics;
  ops::Logger& logger;
  ops::Readiness& readiness;
  storage::ResourceStore* store = nullptr;  // the patient-data store (records and above)
  audit::AuditQueue* audit = nullptr;       // the audit trail; the records module starts its writer
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;

  // Called once the listener is bound and the public FHIR base URL (`fhir_base`, e.g.
  // "https://host/fhir") is final; starts background work. Routes are collected after it.
  [[nodiscard]] virtual fhir::Status start(std::string_view fhir_base) = 0;
  // The module's routes and what it adds to the CapabilityStatement. Called once before the
  // server serves (and by `fhir-gateway --routes` without start()).
  virtual std::vector<fhir::Route> routes(fhir::CapabilityRegistry& capabilities) = 0;
  // SIGHUP or POST /admin/reload: reloads the module's data in the background; a conflict
  // error when a reload is already running.
  [[nodiscard]] virtual fhir::Status reload() { return {}; }
  // Before the process exits: stop background work.
  virtual void stop() {}
};

// How the application knows a module before it exists: its settings (for --help and
// validation) and how to create it from the validated settings.
struct ModuleFactory {
  std::string_view name;
  std::vector<ops::SettingSpec> (*setting_specs)();
  // Reads its settings (problems go to `settings.errors()`) and creates the module.
  std::unique_ptr<Module> (*create)(ops::SettingsReader& settings, const Environment& env);
};

}  // namespace gateway::module
