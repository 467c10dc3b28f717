// The stored Patients a patient identifier (e.g. a fødselsnummer) names, the compartment
// keys a caller attested for those patients may see, and the patient's active Consents.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "storage/resource_store.hpp"

namespace gateway::records {

// Ids of the current Patients with identifier system|value (at most `limit`).
[[nodiscard]] fhir::Result<std::vector<std::string>> patients_with_identifier(
    storage::ResourceStore& store, std::string_view system, std::string_view value,
    std::size_t limit = 32);

// The compartment keys of the patient system|value: its identifier key and the key of every
// stored Patient carrying that identifier.
[[nodiscard]] fhir::Result<std::vector<std::string>> compartment_keys_of_patient(
    storage::ResourceStore& store, std::string_view system, std::string_view value);

// The active Consents in the compartments `keys` (the privacy registry's entries about the
// patient), at most `limit`.
[[nodiscard]] fhir::Result<std::vector<fhir::Json>> active_consents(
    storage::ResourceStore& store, const std::vector<std::string>& keys, std::size_t limit = 256);

}  // namespace gateway::records
