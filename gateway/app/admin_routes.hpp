// Operations routes that change state: POST /admin/reload (admin scope) reloads every
// module's data in the background, as SIGHUP does.
#pragma once

#include <functional>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/router.hpp"

namespace gateway::app {

// `reload` starts the reload of every module; a conflict error when one is already running.
std::vector<fhir::Route> admin_routes(std::function<fhir::Status()> reload);

}  // namespace gateway::app
