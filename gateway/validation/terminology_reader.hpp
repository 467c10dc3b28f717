// Reads one CodeSystem or ValueSet JSON file keeping only the members terminology needs
// (codes, hierarchy, properties, compose, expansion); narrative, extensions, designations and
// the like are checked for syntax but never built, which makes loading the package faster.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace gateway::validation {

// The file's JSON with only the kept members, or an error naming the file if it cannot be
// read or is not valid JSON.
[[nodiscard]] Result<nlohmann::json, std::string> read_terminology_json(
    const std::filesystem::path& file);

}  // namespace gateway::validation
