// POST [base] with a batch or transaction Bundle. A transaction is one store transaction:
// every entry or none; urn:uuid: references are rewritten to the ids the server assigns and
// conditional references (Type?query) are resolved by search. A batch runs each entry on its
// own and reports each entry's outcome.
#pragma once

#include "fhir/request.hpp"
#include "fhir/response.hpp"
#include "records/records_context.hpp"

namespace gateway::records {

fhir::Response handle_bundle(const RecordsContext& records, const fhir::Request& request);

}  // namespace gateway::records
