// One value a search parameter's expression yielded, converted by its FHIR datatype into the
// index rows of that parameter's type (token, string, date, reference, uri, number/quantity).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "search/search_parameter.hpp"
#include "storage/index_values.hpp"

namespace gateway::search {

// `fhir_type` is the datatype the FHIRPath engine gave the value ("CodeableConcept", "date",
// "Boolean", ...); when empty or a backbone, the datatype is recognised by the value's shape.
// `base_url` is this server's FHIR base without a trailing '/': references on it are
// indexed as Type/id. Values that mean nothing for the parameter's type add no row.
void add_rows(const SearchParameter& param, std::string_view fhir_type, const nlohmann::json& value,
              std::string_view base_url, storage::IndexValues& out);

}  // namespace gateway::search
