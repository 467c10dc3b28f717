// Extracts the values a resource is indexed under, per search parameter of its type.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fhir/json.hpp"
#include "medication/index/resource_types.hpp"

namespace gateway::medication {

// One list of keys per entry of search_params(type), in the same order. Key formats:
// token "system\x1Fcode" (system may be empty); string: the text; reference: "Type/id";
// date: epoch seconds in decimal.
using SearchKeys = std::vector<std::vector<std::string>>;

SearchKeys extract_search_keys(ResourceType type, const fhir::Json& resource);

inline constexpr char kTokenSeparator = '\x1f';
std::string token_key(std::string_view system, std::string_view code);
// {system, code} of a token key.
std::pair<std::string_view, std::string_view> split_token_key(std::string_view key);

}  // namespace gateway::medication
