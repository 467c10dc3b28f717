// The whole gateway assembled from its libraries: configuration, storage, modules, routes,
// pipeline and transport. main() only parses arguments and runs one of these.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "app/core_config.hpp"
#include "fhir/error.hpp"
#include "ops/settings.hpp"

namespace gateway::app {

// Every setting key of every module, for --help and validation.
std::vector<ops::SettingSpec> all_setting_specs();

class Application {
 public:
  // Validates all settings; on failure returns every problem found.
  static std::variant<std::unique_ptr<Application>, std::vector<std::string>> create(
      const std::map<std::string, std::string>& settings);
  ~Application();

  // Opens storage, loads modules, binds the listener; returns the bound port.
  fhir::Result<unsigned short> start();
  void run();   // serves until stopped (SIGTERM/SIGINT or stop())
  void stop();  // graceful, from any thread
  const CoreConfig& config() const;

 private:
  struct Impl;
  explicit Application(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gateway::app
