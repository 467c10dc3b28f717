// The records module: the stored patient-data types as a module of the application, over the
// store the application opened and the search registry loaded from the FHIR definitions.
#pragma once

#include "module/module.hpp"

namespace gateway::records {

module::ModuleFactory records_module_factory();

}  // namespace gateway::records
