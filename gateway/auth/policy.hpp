// Access policy per route kind and interaction: scopes, user or machine token, minimum
// security level, and the trust-framework attestation for patient data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/failure.hpp"
#include "auth/principal.hpp"
#include "auth/scopes.hpp"
#include "fhir/router.hpp"

namespace gateway::auth {

struct PolicyConfig {
  ScopeConfig scopes;
  int min_security_level = 4;          // patient data: HelseID security level, "4" = high
  bool grunndata_machine_read = true;  // machine tokens may read grunndata
  bool require_attestation = true;     // patient data needs an attestation with purpose of use
  // With the attestation required: purposes of use ETREAT and BTG (emergency) are accepted.
  bool allow_emergency_access = true;
};

// What the policy allows: everything the route offers, or one patient's compartment.
struct Permission {
  std::optional<std::string> compartment_patient;  // set: only this patient's data
  bool citizen = false;  // the access log through the citizen scope: the caller's own records
};

// Decides whether an authenticated principal may use the route. An attestation_required
// failure carries the principal's attestation_problem as its detail. A SMART patient/ scope
// grants only patient-data routes, only with an attestation naming exactly one patient, and
// only that patient's compartment: never unrestricted access.
Result<Permission> check_policy(const Principal& principal, const fhir::Route& route,
                                const PolicyConfig& config);

// For handlers that know the patient a request concerns (e.g. the fødselsnummer behind
// Patient/{id}): the attestation must name that patient. 403 insufficient_scope if not.
Status check_patient(const Principal& principal, std::string_view patient_identifier);

// True when the principal's attestation gives an emergency purpose of use (ETREAT or BTG),
// whatever its code system: for the pipeline to flag, audit and count emergency access.
bool is_emergency_purpose(const Principal& principal);

}  // namespace gateway::auth
