// A resource version to its search index rows and Patient compartments, computed at write
// by evaluating each search parameter of its type.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "search/registry.hpp"
#include "storage/index_values.hpp"

namespace gateway::search {

struct ExtractionSettings {
  std::string base_url;         // this server's FHIR base: references on it become Type/id
  std::size_t max_rows = 2000;  // index rows per resource, over all kinds
};

// Evaluates every supported parameter of the resource's type (except _id and _lastUpdated,
// which the store takes from the version) and adds the Patient compartments: the Patient
// references of the CompartmentDefinition params, and a Patient's own id.
// Errors: not a stored type or no id (invalid_request), an expression that fails on this
// resource or more than max_rows rows (unprocessable); the expression names the parameter.
[[nodiscard]] fhir::Result<storage::IndexValues> extract_index(const SearchRegistry& registry,
                                                               const fhir::Json& resource,
                                                               const ExtractionSettings& settings);

// A logical reference (by identifier only) from a compartment param: the caller resolves it
// to stored Patients by identifier and adds their compartment keys.
struct LogicalPatientReference {
  std::string param;
  std::string system;
  std::string value;
};
std::vector<LogicalPatientReference> logical_patient_references(const SearchRegistry& registry,
                                                                std::string_view type,
                                                                const storage::IndexValues& values);

}  // namespace gateway::search
