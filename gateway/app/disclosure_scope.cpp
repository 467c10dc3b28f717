// Disclosure from the privacy registry and confidentiality (see disclosure_scope.hpp).
#include "app/disclosure_scope.hpp"

#include "auth/principal.hpp"
#include "fhir/router.hpp"

namespace gateway::app {

fhir::Status decide_request_disclosure(fhir::RequestContext& context,
                                       const PatientConsents& consents,
                                       const privacy::PrivacySettings& settings,
                                       std::int64_t now_ms) {
  if (!context.route || context.route->access != fhir::Access::patient_data) return {};
  if (!context.compartments || !context.principal) return {};
  std::vector<fhir::Json> found;
  if (!context.compartments->unrestricted) {
    auto active = consents(context.compartments->keys);
    if (!active) return std::move(active).take_error();
    found = std::move(*active);
  }
  context.disclosure = privacy::decide_disclosure(*context.principal, found, settings, now_ms);
  return {};
}

}  // namespace gateway::app
