// The medication module: the FEST catalog in service (loaded in the background at start and
// on reload) with its read and search routes, settings and readiness check.
#pragma once

#include "module/module.hpp"

namespace gateway::medication {

module::ModuleFactory medication_module_factory();

}  // namespace gateway::medication
