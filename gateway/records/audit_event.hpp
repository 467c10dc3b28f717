// AuditEvent resources the records layer writes itself, in the same transaction as the
// change they record (so the change never lands without its record): who did what to which
// resource, when and through which request.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fhir/json.hpp"
#include "fhir/request_context.hpp"

namespace gateway::records {

struct AuditedChange {
  std::string action;       // C R U D E (AuditEvent.action)
  std::string interaction;  // restful-interaction code: delete, create, operation ...
  std::string what;         // "Type/id" of the resource acted on
  std::string description;  // what happened to it, in words
  // The compartment keys of the resource (Patient/<id>, identifier:<system>|<value>): each
  // becomes an entity in the Patient role, so the event lands in the same compartments.
  std::vector<std::string> patients;
  std::int64_t recorded_ms = 0;
};

// An AuditEvent (R4B) of a successful change by the caller of `context`. The agent is named
// by HPR number and organisation number; the client id and the request id go along.
fhir::Json audit_event_for(const fhir::RequestContext& context, const AuditedChange& change);

}  // namespace gateway::records
