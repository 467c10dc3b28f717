// One search parameter of one stored resource type as the gateway uses it: read from a
// SearchParameter definition, its expression narrowed to that type.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhirpath/expression.hpp"

namespace gateway::search {

enum class ParamType { token, string, date, reference, uri, number, quantity, composite, special };

// "token" -> ParamType::token; nullopt for a code that is not a SearchParamType.
std::optional<ParamType> param_type_from_code(std::string_view code);
std::string_view param_type_code(ParamType type);

struct SearchParameter {
  std::string code;  // "identifier", "_lastUpdated"
  ParamType type = ParamType::token;
  std::string url;                       // canonical of the definition
  std::string description;               // documentation for the CapabilityStatement
  std::string expression;                // FHIRPath, only the alternatives for this resource type
  std::vector<std::string> targets;      // reference: the resource types it may point to
  std::vector<std::string> modifiers;    // as the definition lists them
  std::vector<std::string> comparators;  // as the definition lists them
  // `expression` parsed once at load (shared: parameters are copied into each type's list).
  std::shared_ptr<const fhirpath::Expression> compiled;
};

}  // namespace gateway::search
