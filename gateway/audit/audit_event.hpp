// The AuditEvent (R4B, in the manner of IHE BALP) of one patient-data request: who asked
// (the user, the client system and its organisations, from the token and the attestation),
// why (purpose of use, care relationship), what (the interaction, the patient, the resources
// touched, the query) and how it went (outcome, with the HTTP status for failures).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fhir/json.hpp"
#include "fhir/request_context.hpp"
#include "fhir/response.hpp"

namespace gateway::audit {

inline constexpr const char* kHprSystem = "urn:oid:2.16.578.1.12.4.1.4.4";
inline constexpr const char* kOrgnrSystem = "urn:oid:2.16.578.1.12.4.1.4.101";
inline constexpr const char* kFnrSystem = "urn:oid:2.16.578.1.12.4.1.4.1";
inline constexpr const char* kDnrSystem = "urn:oid:2.16.578.1.12.4.1.4.2";
// Identifies the gateway's request ids and HelseID client ids in audit records.
inline constexpr const char* kRequestIdSystem =
    "https://fhir-gateway.example.no/fhir/sid/request-id";
inline constexpr const char* kClientIdSystem = "https://fhir-gateway.example.no/fhir/sid/client-id";

// The AuditEvent of a request that got `response`, recorded at `recorded_ms` (ms since the
// epoch). For failures the outcome description carries the status and the first diagnostic.
fhir::Json audit_event(const fhir::RequestContext& context, const fhir::Response& response,
                       std::int64_t recorded_ms);

// The national identifier system of a person number: D-nummer when the first digit is 4-7.
const char* person_number_system(std::string_view number);

}  // namespace gateway::audit
