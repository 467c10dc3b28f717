// The resource in a create or update request: JSON within a nesting limit, a resourceType
// that matches the route, the id rules of create and update, server-managed meta removed.
#pragma once

#include <string_view>

#include "fhir/error.hpp"
#include "fhir/json.hpp"

namespace gateway::records {

inline constexpr int kMaxJsonDepth = 64;

// Parses any JSON value with at most kMaxJsonDepth levels of nesting; errors are 400s that
// name the position, never the parser's internals.
[[nodiscard]] fhir::Result<fhir::Json> parse_json_body(std::string_view body);

// A resource for `type`. With `path_id` (update), resource.id must equal it; without (create),
// any id in the body is ignored, as FHIR asks. meta.versionId and meta.lastUpdated are dropped:
// the store sets them.
[[nodiscard]] fhir::Result<fhir::Json> resource_from_json(fhir::Json value, std::string_view type,
                                                          std::string_view path_id);
[[nodiscard]] fhir::Result<fhir::Json> parse_resource_body(std::string_view body,
                                                           std::string_view type,
                                                           std::string_view path_id);

// True for a FHIR id: 1-64 of [A-Za-z0-9.-].
bool is_valid_id(std::string_view id);

}  // namespace gateway::records
