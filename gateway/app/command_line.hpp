// Command-line and configuration-source parsing: defaults < config file < environment <
// command line, with every unknown key or malformed line reported.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ops/settings.hpp"

namespace gateway::app {

struct CommandLine {
  bool help = false;
  bool version = false;
  bool routes = false;      // --routes: print the route table and exit
  std::string backup_file;  // `backup FILE`: copy the store's database to FILE and exit
  std::string config_file;
  std::map<std::string, std::string> values;  // from --key value flags
  std::vector<std::string> errors;
};

// Flags: --help, --version, --routes, --config FILE, and --<key> VALUE (or --<key>=VALUE) for every
// known setting key, with '-' in the flag for '_' in the key (e.g. --data-dir, --listen).
// The command `backup FILE` (anywhere among the flags) asks for an online backup.
CommandLine parse_command_line(int argc, const char* const* argv,
                               const std::vector<ops::SettingSpec>& specs);

// Reads "key = value" lines ('#' starts a comment). Unknown keys are errors.
std::map<std::string, std::string> read_config_file(const std::string& path,
                                                    const std::vector<ops::SettingSpec>& specs,
                                                    std::vector<std::string>& errors);

// Values of the known keys found in the environment (FHIR_GATEWAY_<KEY>); other variables
// are ignored (Kubernetes injects FHIR_GATEWAY_* service variables of its own).
std::map<std::string, std::string> read_environment(const char* const* envp,
                                                    const std::vector<ops::SettingSpec>& specs);

// Merges the sources in precedence order and returns the final key -> value map.
std::map<std::string, std::string> merge_settings(const std::vector<ops::SettingSpec>& specs,
                                                  const std::map<std::string, std::string>& file,
                                                  const std::map<std::string, std::string>& env,
                                                  const std::map<std::string, std::string>& cli);

std::string usage_text(const std::vector<ops::SettingSpec>& specs);

}  // namespace gateway::app
