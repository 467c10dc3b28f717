// Validation of what a write stores: the module's validator against the resource's profile.
// Errors refuse the write with 422 and every issue (nothing is stored); under
// `Prefer: handling=strict` so do warnings; otherwise the warnings go back with the answer.
#pragma once

#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "fhir/operation_outcome.hpp"
#include "fhir/request.hpp"
#include "records/records_context.hpp"

namespace gateway::records {

// `Prefer: handling=strict` on the request.
[[nodiscard]] bool strict_handling(const fhir::Request& request);

// The warnings of an acceptable resource, or the 422 that refuses it. `location` replaces
// the resource type at the start of each issue's location (a Bundle entry:
// "Bundle.entry[2].resource").
[[nodiscard]] fhir::Result<std::vector<fhir::Issue>> validate_for_write(
    const RecordsContext& records, const fhir::Json& resource, bool strict,
    std::string_view location = {});

}  // namespace gateway::records
