// Typed, validated access to the merged configuration values.
#include "ops/settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace gateway::ops {

std::string env_name(std::string_view key) {
  std::string name = "FHIR_GATEWAY_";
  for (char c : key) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name;
}

SettingsReader::SettingsReader(std::map<std::string, std::string> values)
    : values_(std::move(values)) {}

bool SettingsReader::has(std::string_view key) const {
  auto it = values_.find(std::string(key));
  return it != values_.end() && !it->second.empty();
}

std::optional<std::string> SettingsReader::configured(std::string_view key) const {
  auto it = values_.find(std::string(key));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string SettingsReader::text(std::string_view key, std::string_view fallback) {
  auto it = values_.find(std::string(key));
  if (it == values_.end() || it->second.empty()) return std::string(fallback);
  return it->second;
}

std::vector<std::string> SettingsReader::list(std::string_view key, std::string_view fallback) {
  const std::string value = text(key, fallback);
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const std::size_t end = std::min(value.find_first_of(", ", pos), value.size());
    if (end > pos) items.push_back(value.substr(pos, end - pos));
    pos = end + 1;
  }
  return items;
}

std::int64_t SettingsReader::integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max) {
  if (!has(key)) return fallback;
  const std::string value = text(key);
  std::int64_t parsed = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (ec != std::errc() || ptr != value.data() + value.size() || parsed < min || parsed > max) {
    errors_.push_back(std::string(key) + ": '" + value + "' is not an integer between " +
                      std::to_string(min) + " and " + std::to_string(max));
    return fallback;
  }
  return parsed;
}

bool SettingsReader::boolean(std::string_view key, bool fallback) {
  if (!has(key)) return fallback;
  std::string value = text(key);
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  errors_.push_back(std::string(key) + ": '" + value + "' is not a boolean (true or false)");
  return fallback;
}

}  // namespace gateway::ops
