// JSON comparisons the validator needs: pattern[x] containment, and the values at a simple
// dotted path (slicing discriminators: "system", "coding.code", "$this").
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gateway::validation {

// FHIR pattern semantics: every member of an object pattern is matched in `value`, every
// entry of an array pattern by some entry of `value`, primitives are equal.
[[nodiscard]] bool matches_pattern(const nlohmann::json& pattern, const nlohmann::json& value);

// The JSON values at `path` below `item`, arrays flattened; "$this" is the item itself.
// A choice name ends with [x] ("value[x]") and matches any valueX member.
[[nodiscard]] std::vector<const nlohmann::json*> values_at(const nlohmann::json& item,
                                                           std::string_view path);

}  // namespace gateway::validation
