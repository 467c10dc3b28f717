// The lexical rules of FHIR's primitive types (the regexes of the R4B definitions, checked
// by hand: faster than std::regex and stricter where the regex is loose, e.g. 2021-02-30
// or base64 padding). tests/unit/validation/primitive_formats_test.cpp holds them to the
// official regexes.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gateway::validation {

// Empty when `value` is a valid JSON value of the FHIR primitive `type` ("date",
// "positiveInt", ...), else why not ("not a valid date: month 13"). Unknown types pass.
[[nodiscard]] std::string primitive_problem(std::string_view type, const nlohmann::json& value);

// True if `type` is a FHIR primitive type name.
[[nodiscard]] bool is_primitive_type(std::string_view type);

}  // namespace gateway::validation
