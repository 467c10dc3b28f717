// Expands ValueSet definitions (compose, else a stored complete expansion) against the loaded
// code systems into CodeSets, each value set once, following includes of other value sets
// with a guard against cycles.
#pragma once

#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "validation/code_set.hpp"
#include "validation/code_system.hpp"

namespace gateway::validation {

struct ValueSetDefinition {
  std::string url;
  nlohmann::json compose;    // null if absent
  nlohmann::json expansion;  // null if absent
};

using CodeSystemMap = std::unordered_map<std::string, CodeSystemDefinition>;
using ValueSetMap = std::unordered_map<std::string, ValueSetDefinition>;

// Every value set of `value_sets` expanded, by url.
[[nodiscard]] std::unordered_map<std::string, CodeSet> expand_all(const CodeSystemMap& systems,
                                                                  const ValueSetMap& value_sets);

// A canonical reference without its "|version".
[[nodiscard]] std::string_view without_version(std::string_view canonical);

}  // namespace gateway::validation
