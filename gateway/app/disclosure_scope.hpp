// The pipeline stage that decides, with the compartments and before a patient-data handler
// runs, what the request may disclose: the patient's privacy registry (their active
// Consents) as it applies to the caller, and the confidentiality labels withheld from them.
// Runs on the worker pool (it asks the store); a failed look-up refuses (fail closed).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "fhir/request_context.hpp"
#include "privacy/disclosure_decision.hpp"

namespace gateway::app {

// The active Consents in the compartments `keys` (records::active_consents).
using PatientConsents =
    std::function<fhir::Result<std::vector<fhir::Json>>(const std::vector<std::string>& keys)>;

// Sets context.disclosure for a patient-data request whose compartments are decided; other
// requests are left alone.
[[nodiscard]] fhir::Status decide_request_disclosure(fhir::RequestContext& context,
                                                     const PatientConsents& consents,
                                                     const privacy::PrivacySettings& settings,
                                                     std::int64_t now_ms);

}  // namespace gateway::app
