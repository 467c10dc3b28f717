// Narrowing a shared SearchParameter expression ("AllergyIntolerance.code | Condition.code |
// …") to the alternatives that apply to one resource type.
#pragma once

#include <string>
#include <string_view>

namespace gateway::search {

// Keeps the top-level '|' alternatives whose path starts at `type` (optionally inside
// parentheses); alternatives starting at Resource or DomainResource are kept with that
// name replaced by `type`. Empty when none applies.
std::string scope_expression(std::string_view expression, std::string_view type);

}  // namespace gateway::search
