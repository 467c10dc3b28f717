// Configuration: keys declared by each module, values merged from defaults, a config file
// (key = value lines), environment variables (FHIR_GATEWAY_<KEY>) and the command line,
// read through typed getters that collect every validation error.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gateway::ops {

struct SettingSpec {
  std::string key;            // lower_snake_case, e.g. "max_body_bytes"
  std::string default_value;  // as text; empty means "not set"
  std::string help;           // one line for --help
};

// The environment variable that carries `key`: FHIR_GATEWAY_ + upper-case key.
std::string env_name(std::string_view key);

class SettingsReader {
 public:
  explicit SettingsReader(std::map<std::string, std::string> values);

  // Each getter returns the configured value, or the default when the key is unset; an
  // invalid value records "key: reason" and returns the default.
  std::string text(std::string_view key, std::string_view fallback = {});
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max);
  bool boolean(std::string_view key, bool fallback);
  // A list separated by commas or spaces ("a, b c"): its non-empty items.
  std::vector<std::string> list(std::string_view key, std::string_view fallback = {});
  bool has(std::string_view key) const;
  // The value exactly as configured, empty included (for keys where empty means "off");
  // nullopt when no source names the key.
  std::optional<std::string> configured(std::string_view key) const;
  void add_error(std::string message) { errors_.push_back(std::move(message)); }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> errors_;
};

}  // namespace gateway::ops
