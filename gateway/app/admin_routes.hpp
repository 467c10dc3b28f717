// Operations routes that change state: catalog reload (POST /admin/reload, admin scope).
#pragma once

#include <memory>

#include "fhir/router.hpp"
#include "medication/catalog/service.hpp"
#include "ops/logger.hpp"

namespace gateway::app {

// Starts a catalog load in the background and logs its outcome when it finishes. Returns
// false when a load is already running.
bool request_catalog_reload(medication::CatalogService& catalog, ops::Logger& logger,
                            bool first_load = false);

void register_admin_routes(fhir::Router& router,
                           std::shared_ptr<medication::CatalogService> catalog,
                           ops::Logger& logger);

}  // namespace gateway::app
