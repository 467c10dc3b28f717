// Catalog reload: the admin endpoint and the shared trigger used by SIGHUP and start-up.
#include "app/admin_routes.hpp"

#include "fhir/operation_outcome.hpp"

namespace gateway::app {

bool request_catalog_reload(medication::CatalogService& catalog, ops::Logger& logger,
                            bool first_load) {
  auto pending = first_load ? catalog.start() : catalog.reload();
  // A refused reload (one is running) is answered at once; a started one completes later
  // and reports through the catalog metrics and the log.
  if (pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    auto result = pending.get();
    if (!result) {
      logger.event("warn", "catalog load not started", {{"reason", result.error().diagnostics}});
      return false;
    }
  }
  logger.event("info", first_load ? "catalog load started" : "catalog reload started");
  return true;
}

void register_admin_routes(fhir::Router& router,
                           std::shared_ptr<medication::CatalogService> catalog,
                           ops::Logger& logger) {
  router.add({"POST", "/admin/reload",
              [catalog, &logger](const fhir::Request&) {
                if (!request_catalog_reload(*catalog, logger)) {
                  return fhir::error_response(fhir::make_error(
                      fhir::ErrorKind::conflict, "A catalog load is already running"));
                }
                fhir::Issue started{
                    "information", "informational",
                    "Catalog reload started; the new catalog replaces the current one "
                    "when it is built",
                    ""};
                return fhir::make_response(202, fhir::make_operation_outcome({started}).dump());
              },
              fhir::Access::admin, fhir::Interaction::operation, ""});
}

}  // namespace gateway::app
