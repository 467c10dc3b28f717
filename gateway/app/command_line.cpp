// Parsing of flags, config files and environment variables into setting values.
#include "app/command_line.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace gateway::app {
namespace {

const ops::SettingSpec* find_spec(const std::vector<ops::SettingSpec>& specs,
                                  const std::string& key) {
  for (const auto& s : specs) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv,
                               const std::vector<ops::SettingSpec>& specs) {
  CommandLine out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (arg == "--version") {
      out.version = true;
      continue;
    }
    if (arg == "--routes") {
      out.routes = true;
      continue;
    }
    if (arg == "backup" && out.backup_file.empty()) {
      if (i + 1 >= argc) {
        out.errors.push_back("'backup' needs the file to write");
        continue;
      }
      out.backup_file = argv[++i];
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      out.errors.push_back("unexpected argument '" + arg + "'");
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    std::replace(name.begin(), name.end(), '-', '_');
    if (name != "config" && !find_spec(specs, name)) {
      out.errors.push_back("unknown option '--" + arg.substr(2, arg.find('=') - 2) + "'");
      continue;
    }
    if (!value) {
      if (i + 1 >= argc) {
        out.errors.push_back("option '" + arg + "' needs a value");
        continue;
      }
      value = argv[++i];
    }
    if (name == "config")
      out.config_file = *value;
    else
      out.values[name] = *value;
  }
  return out;
}

std::map<std::string, std::string> read_config_file(const std::string& path,
                                                    const std::vector<ops::SettingSpec>& specs,
                                                    std::vector<std::string>& errors) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  if (!in) {
    errors.push_back("cannot read config file '" + path + "'");
    return values;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string content = trim(line.substr(0, line.find('#')));
    if (content.empty()) continue;
    const auto eq = content.find('=');
    const std::string where = path + ":" + std::to_string(number);
    if (eq == std::string::npos) {
      errors.push_back(where + ": expected 'key = value'");
      continue;
    }
    const std::string key = trim(content.substr(0, eq));
    if (!find_spec(specs, key)) {
      errors.push_back(where + ": unknown key '" + key + "'");
      continue;
    }
    values[key] = trim(content.substr(eq + 1));
  }
  return values;
}

std::map<std::string, std::string> read_environment(const char* const* envp,
                                                    const std::vector<ops::SettingSpec>& specs) {
  std::map<std::string, std::string> values;
  for (const auto& spec : specs) {
    const std::string name = ops::env_name(spec.key) + "=";
    for (auto e = envp; e && *e; ++e) {
      if (std::strncmp(*e, name.c_str(), name.size()) == 0) values[spec.key] = *e + name.size();
    }
  }
  return values;
}

std::map<std::string, std::string> merge_settings(const std::vector<ops::SettingSpec>& specs,
                                                  const std::map<std::string, std::string>& file,
                                                  const std::map<std::string, std::string>& env,
                                                  const std::map<std::string, std::string>& cli) {
  std::map<std::string, std::string> merged;
  for (const auto& spec : specs) {
    if (!spec.default_value.empty()) merged[spec.key] = spec.default_value;
  }
  for (const auto* source : {&file, &env, &cli}) {
    for (const auto& [k, v] : *source) merged[k] = v;
  }
  return merged;
}

std::string usage_text(const std::vector<ops::SettingSpec>& specs) {
  std::ostringstream out;
  out << "Usage: fhir-gateway [--config FILE] [--KEY VALUE ...]\n"
         "       fhir-gateway backup FILE [--config FILE] [--KEY VALUE ...]\n\n"
         "FHIR R4B gateway for Norwegian health care.\n\n"
         "  --help             show this text\n"
         "  --version          show the version\n"
         "  --routes           list every route (method, pattern, access, interaction,\n"
         "                     where it runs, module) and exit\n"
         "  --config FILE      read settings from FILE (lines 'key = value')\n"
         "  backup FILE        copy the store (DATA_DIR/gateway.db) to FILE while it may be\n"
         "                     in use, then exit\n\n"
         "Settings (flag --key-name, config key key_name, environment FHIR_GATEWAY_KEY_NAME):\n";
  for (const auto& s : specs) {
    std::string flag = s.key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    out << "  --" << flag << std::string(flag.size() < 24 ? 24 - flag.size() : 1, ' ') << s.help;
    if (!s.default_value.empty()) out << " (default: " << s.default_value << ")";
    out << "\n";
  }
  return out.str();
}

}  // namespace gateway::app
