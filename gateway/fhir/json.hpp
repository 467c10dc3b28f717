// The JSON value type used for FHIR resources throughout the gateway (keeps member order).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gateway::fhir {

using Json = nlohmann::ordered_json;

// Appends `text` (UTF-8) to `out` as a JSON string literal, quotes included. For writers that
// splice pre-serialised resources instead of building a Json tree.
void append_json_string(std::string& out, std::string_view text);

}  // namespace gateway::fhir
