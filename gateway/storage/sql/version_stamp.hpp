// What a writer sets in a resource when it stores a version: meta.versionId and
// meta.lastUpdated (a FHIR instant in UTC with milliseconds).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace gateway::storage::sql {

// "2026-12-02T03:04:05.678Z" for `ms` milliseconds since the epoch.
std::string fhir_instant(std::int64_t ms);
void stamp_version(nlohmann::json& resource, std::int64_t version, std::int64_t last_updated_ms);
// Milliseconds since the epoch now (system clock).
std::int64_t now_ms();

}  // namespace gateway::storage::sql
