// The JSON value type used for FHIR resources throughout the gateway (keeps member order).
#pragma once

#include <nlohmann/json.hpp>

namespace gateway::fhir {

using Json = nlohmann::ordered_json;

}  // namespace gateway::fhir
