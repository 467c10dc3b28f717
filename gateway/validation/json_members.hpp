// Reading FHIR JSON by member name, as the validation code does everywhere.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace gateway::validation {

// The string member `name` of `object`; empty when it is missing or not a string (or
// `object` is not an object). Points into `object`.
[[nodiscard]] inline std::string_view string_member(const nlohmann::json& object,
                                                    const char* name) {
  if (!object.is_object()) return {};
  const auto found = object.find(name);
  if (found == object.end() || !found->is_string()) return {};
  return found->get_ref<const std::string&>();
}

}  // namespace gateway::validation
