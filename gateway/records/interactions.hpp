// The FHIR REST interactions on stored types, as plain functions of (context, request):
// create, read, vread, update, delete, search, history, $validate, $expunge. Each reaches the store
// only through the compartment scope the pipeline put in request.context.
#pragma once

#include <string_view>

#include "fhir/request.hpp"
#include "fhir/response.hpp"
#include "records/records_context.hpp"

namespace gateway::records {

fhir::Response handle_create(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request);
fhir::Response handle_read(const RecordsContext& records, std::string_view type,
                           const fhir::Request& request);
fhir::Response handle_vread(const RecordsContext& records, std::string_view type,
                            const fhir::Request& request);
fhir::Response handle_update(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request);
fhir::Response handle_delete(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request);
// GET Type?… and POST Type/_search (form body).
fhir::Response handle_search(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request);
// GET Type/id/_history (with an id path parameter) and GET Type/_history.
fhir::Response handle_history(const RecordsContext& records, std::string_view type,
                              const fhir::Request& request);
// POST Type/$validate and POST $validate (empty type): the resource checked, never stored.
fhir::Response handle_validate(const RecordsContext& records, std::string_view type,
                               const fhir::Request& request);
// POST Type/id/$expunge: the resource and its history are removed (admin).
fhir::Response handle_expunge(const RecordsContext& records, std::string_view type,
                              const fhir::Request& request);

}  // namespace gateway::records
