// The whole gateway assembled from its libraries: configuration, storage, the trust layer,
// the modules, the frozen route table, the pipeline, the worker pool and the transport.
// main() only parses arguments and runs one of these.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/core_config.hpp"
#include "base/result.hpp"
#include "fhir/error.hpp"
#include "fhir/router.hpp"
#include "ops/settings.hpp"

namespace gateway::app {

// Every setting key of the core, the trust layer and every module, for --help and validation.
std::vector<ops::SettingSpec> all_setting_specs();

class Application {
 public:
  // Validates all settings and creates the modules; on failure returns every problem found.
  static Result<std::unique_ptr<Application>, std::vector<std::string>> create(
      const std::map<std::string, std::string>& settings);
  ~Application();

  // Opens storage, binds the listeners (API and metrics), starts the trust layer and the
  // modules, freezes the route table; returns the bound API port.
  fhir::Result<unsigned short> start();
  void run();   // serves until stopped (SIGTERM/SIGINT or stop())
  void stop();  // graceful, from any thread
  const CoreConfig& config() const;
  // The metrics listener's bound port once started; nullopt when metrics_listen is empty.
  std::optional<unsigned short> metrics_port() const;

  // Every route the server would serve, in table order, without starting anything
  // (`fhir-gateway --routes`).
  std::vector<fhir::Route> route_table();

 private:
  struct Impl;
  explicit Application(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gateway::app
