// A patient's view of their own access log: the AuditEvents about them with who looked
// (health personnel by name and HPR number, organisations by name and number), when, why
// and what, but without the gateway's internal fields (client ids, request ids, token ids,
// queries, decision references, failure details).
#pragma once

#include <string>
#include <string_view>

#include "fhir/json.hpp"

namespace gateway::audit {

// The citizen's view of one AuditEvent.
fhir::Json citizen_view(const fhir::Json& audit_event);

// The same for a response body: an AuditEvent, or a Bundle whose AuditEvent entries are
// replaced by their view. Anything else is returned unchanged.
std::string citizen_view_of_body(std::string_view body);

}  // namespace gateway::audit
