// Compartment scope from the attestation's patients.
#include "app/compartment_scope.hpp"

#include "audit/audit_event.hpp"
#include "auth/principal.hpp"
#include "fhir/router.hpp"

namespace gateway::app {

fhir::Status decide_compartment_scope(fhir::RequestContext& context,
                                      const PatientCompartments& compartments) {
  if (!context.route) return {};
  const fhir::Access access = context.route->access;
  if (access == fhir::Access::admin || access == fhir::Access::audit_admin ||
      access == fhir::Access::privacy ||
      (access == fhir::Access::audit_log && !context.citizen_view)) {
    context.compartments = fhir::RequestContext::CompartmentScope{true, {}};
    return {};
  }
  if (access == fhir::Access::audit_log) {
    // A citizen: the audit records in their own compartment, by their person number.
    const auth::Principal* principal = context.principal.get();
    if (!principal || principal->pid.empty()) {
      return fhir::make_error(fhir::ErrorKind::forbidden, "The access log needs a person");
    }
    auto keys = compartments(audit::person_number_system(principal->pid), principal->pid);
    if (!keys) return std::move(keys).take_error();
    context.compartments = fhir::RequestContext::CompartmentScope{false, std::move(*keys)};
    return {};
  }
  if (context.route->access != fhir::Access::patient_data) return {};
  fhir::RequestContext::CompartmentScope scope;
  const auth::Principal* principal = context.principal.get();
  if (principal && principal->attestation) {
    for (const auto& patient : principal->attestation->patients) {
      if (!patient.identifier || patient.identifier->id.empty()) continue;
      const auto& identifier = *patient.identifier;
      if (context.compartment_patient && identifier.id != *context.compartment_patient) continue;
      auto keys = compartments(identifier.system, identifier.id);
      if (!keys) return std::move(keys).take_error();
      scope.keys.insert(scope.keys.end(), keys->begin(), keys->end());
      if (!context.patient) context.patient = fhir::PatientRef{identifier.system, identifier.id};
    }
  }
  if (scope.keys.empty()) {
    return fhir::make_error(fhir::ErrorKind::forbidden,
                            "Patient data needs an attestation that names the patient", "",
                            "compartment scope: no attested patient");
  }
  context.compartments = std::move(scope);
  return {};
}

}  // namespace gateway::app
