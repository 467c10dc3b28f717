// The route table of the stored types: every FHIR interaction on each type, the system-level
// batch/transaction endpoint, $validate and $expunge, with what the CapabilityStatement
// says of them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fhir/capability.hpp"
#include "fhir/router.hpp"
#include "records/records_context.hpp"

namespace gateway::records {

// The base R4B types the store holds (issue 10); documents, critical information and audit
// add their profiles on top.
const std::vector<std::string>& stored_types();

// A stored type a patient-data scope reaches (its own routes and Bundle entries): all but
// AuditEvent (the access log) and Consent (the privacy registry).
bool is_patient_data_type(std::string_view type);

// The profile each stored type is validated against when its meta.profile names none we
// know (type -> canonical URL of a StructureDefinition in profiles/); the others use the
// core definition.
const std::map<std::string, std::string, std::less<>>& default_profiles();

std::vector<fhir::Route> records_routes(fhir::CapabilityRegistry& capabilities,
                                        std::shared_ptr<const RecordsContext> records);

}  // namespace gateway::records
