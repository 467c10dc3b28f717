// Responses that carry one stored version: the body as Prefer: return asks, ETag,
// Last-Modified and (for writes) Location, all from the version the store wrote.
#pragma once

#include <string_view>
#include <vector>

#include "fhir/operation_outcome.hpp"

#include "fhir/request.hpp"
#include "fhir/response.hpp"
#include "storage/resource_store.hpp"

namespace gateway::records {

enum class ReturnPreference { minimal, representation, operation_outcome };

// Prefer: return=minimal|representation|OperationOutcome; representation when absent.
ReturnPreference return_preference(const fhir::Request& request);
// True if a Prefer header carries `token` ("handling=strict").
bool prefer_token(const fhir::Request& request, std::string_view token);

// W/"<version>".
std::string version_etag(const storage::StoredVersion& version);
// "<base>/<type>/<id>/_history/<version>".
std::string version_location(std::string_view base_url, const storage::StoredVersion& version);

// A read: 200 with the resource, ETag and Last-Modified.
fhir::Response read_response(const storage::StoredVersion& version);
// A write's answer (`status` 200 or 201): Location (for 201 and updates), ETag,
// Last-Modified, and the body the client preferred. `warnings` (validation) go into the
// OperationOutcome of return=OperationOutcome.
fhir::Response write_response(int status, const storage::StoredVersion& version,
                              ReturnPreference preference, std::string_view base_url,
                              const std::vector<fhir::Issue>& warnings = {});

}  // namespace gateway::records
