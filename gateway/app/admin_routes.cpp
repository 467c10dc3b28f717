// POST /admin/reload: 202 when the reload started, the module's error (409) when refused.
#include "app/admin_routes.hpp"

#include "fhir/operation_outcome.hpp"

namespace gateway::app {

std::vector<fhir::Route> admin_routes(std::function<fhir::Status()> reload) {
  fhir::Route route{"POST",
                    "/admin/reload",
                    [reload = std::move(reload)](const fhir::Request&) {
                      if (auto started = reload(); !started) {
                        return fhir::error_response(started.error());
                      }
                      fhir::Issue issue{"information", "informational",
                                        "Reload started; new data replaces the current data "
                                        "when it is built",
                                        ""};
                      return fhir::make_response(202, fhir::make_operation_outcome({issue}).dump());
                    },
                    fhir::Access::admin,
                    fhir::Interaction::operation,
                    ""};
  return {std::move(route)};
}

}  // namespace gateway::app
