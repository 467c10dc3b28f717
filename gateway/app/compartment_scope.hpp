// The pipeline stage that decides, before a patient-data handler runs, which compartments
// the caller may see and write: the compartments of the patients its trust-framework
// attestation names (only the one of a SMART patient/ scope). Operations (admin) are
// unrestricted. Runs where the handler runs (the worker pool): it asks the store.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/request_context.hpp"

namespace gateway::app {

// The compartment keys of the patient system|value (records::compartment_keys_of_patient).
using PatientCompartments = std::function<fhir::Result<std::vector<std::string>>(
    std::string_view system, std::string_view value)>;

// Sets context.compartments for patient-data, admin and access-log routes; 403 when a
// patient-data request names no patient. A supervisor's access log is unrestricted, a
// citizen's is their own compartment. Other routes are left alone.
[[nodiscard]] fhir::Status decide_compartment_scope(fhir::RequestContext& context,
                                                    const PatientCompartments& compartments);

}  // namespace gateway::app
