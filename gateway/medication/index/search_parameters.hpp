// The search parameters the medication catalog supports, per resource type: one table that
// drives index building, query parsing and the CapabilityStatement (mirrors profiles/).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "medication/index/resource_types.hpp"

namespace gateway::medication {

enum class ParamType { token, string, reference, date };

struct SearchParamSpec {
  std::string_view code;  // "product-classification"
  ParamType type;
  // Where the values live, as JSON keys from the resource root: '.' descends, '|' separates
  // alternatives, a trailing '*' on a key also descends into same-named children recursively
  // (PackagedProductDefinition package levels). Arrays are walked automatically.
  std::string_view path;
  std::vector<ResourceType> targets;  // reference parameters: the types referred to
  bool below = false;                 // token: supports :below (prefix on the code, for ATC)
  std::string_view description;
};

std::span<const SearchParamSpec> search_params(ResourceType type);
// Index into search_params(type), or -1.
int find_search_param(ResourceType type, std::string_view code);
// Canonical URL of our SearchParameter resource (profiles/SearchParameter-<Type>-<code>.json).
std::string search_param_url(ResourceType type, std::string_view code);
std::string_view param_type_name(ParamType type);  // FHIR search param type code

}  // namespace gateway::medication
