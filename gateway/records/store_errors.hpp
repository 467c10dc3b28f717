// The one table from storage errors to FHIR errors (HTTP status and issue code follow from
// the fhir::ErrorKind): not found 404, deleted 410, version conflict 412, unavailable 503...
#pragma once

#include <string_view>

#include "fhir/error.hpp"
#include "storage/store_error.hpp"

namespace gateway::records {

// `what` names the resource for the client ("Patient/123"); the store's message goes to
// log_detail only.
fhir::Error to_fhir_error(const storage::StoreError& error, std::string_view what);

}  // namespace gateway::records
