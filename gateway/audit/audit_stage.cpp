// The audit stage (see audit_stage.hpp).
#include "audit/audit_stage.hpp"

#include "audit/audit_event.hpp"
#include "auth/policy.hpp"
#include "fhir/instant.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::audit {

bool is_audited(const fhir::Route& route) {
  switch (route.access) {
    case fhir::Access::patient_data:
    case fhir::Access::audit_log:
    case fhir::Access::audit_admin:
    case fhir::Access::privacy:
      return true;
    case fhir::Access::admin:
      return !route.resource_type.empty();  // $expunge of a stored resource
    default:
      return false;
  }
}

AuditStage::AuditStage(AuditQueue& queue, ops::MetricsRegistry& metrics)
    : queue_(queue),
      emergency_(metrics.counter("fhir_gateway_emergency_access_total",
                                 "Patient-data requests under an emergency purpose of use "
                                 "(ETREAT, BTG)")),
      unrecorded_(metrics.counter("fhir_gateway_audit_unrecorded_total",
                                  "Refusals whose audit record could not be queued")) {}

fhir::Response AuditStage::operator()(const fhir::RequestContext& context, fhir::Response response,
                                      bool may_wait) const {
  if (!context.route || !is_audited(*context.route) || response.audit.recorded) return response;
  if (context.principal && auth::is_emergency_purpose(*context.principal)) emergency_.inc();
  fhir::Json event = audit_event(context, response, fhir::now_epoch_ms());
  if (response.status >= 400 || !may_wait) {
    // Nothing in this answer needs the record first.
    if (!queue_.record_later(std::move(event))) unrecorded_.inc();
    return response;
  }
  if (auto recorded = queue_.record(std::move(event)); !recorded) {
    return fhir::error_response(recorded.error());  // fail closed: no patient data leaves
  }
  return response;
}

}  // namespace gateway::audit
