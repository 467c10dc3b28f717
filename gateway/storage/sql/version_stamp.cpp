// meta.versionId / meta.lastUpdated stamping and the instant format.
#include "storage/sql/version_stamp.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace gateway::storage::sql {

std::string fhir_instant(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

void stamp_version(nlohmann::json& resource, std::int64_t version, std::int64_t last_updated_ms) {
  if (!resource.is_object()) resource = nlohmann::json::object();
  auto& meta = resource["meta"];
  if (!meta.is_object()) meta = nlohmann::json::object();
  meta["versionId"] = std::to_string(version);
  meta["lastUpdated"] = fhir_instant(last_updated_ms);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace gateway::storage::sql
