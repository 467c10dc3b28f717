// Pieces the write interactions and Bundle processing share: new ids, If-Match, the
// compartment-scoped store of a request, and turning a resource into a storage write.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "fhir/request.hpp"
#include "records/records_context.hpp"
#include "storage/resource_store.hpp"

namespace gateway::records {

// A new server-assigned id: 128 random bits as a lower-case UUID.
std::string new_resource_id();

// The resource with `id` set, resourceType and id first.
fhir::Json with_id(const fhir::Json& resource, std::string_view id);

// W/"3" or "3" -> 3; an error (400) for anything else.
[[nodiscard]] fhir::Result<std::int64_t> parse_if_match(std::string_view value);

// The request's store view, limited to its compartment scope; 403 when the pipeline decided
// none (fail closed).
[[nodiscard]] fhir::Result<std::unique_ptr<storage::ResourceStore>> request_store(
    const RecordsContext& records, const fhir::Request& request);

// A storage write of `resource` (which has its id) with its index rows.
[[nodiscard]] fhir::Result<storage::ResourceWrite> make_write(
    const RecordsContext& records, std::string_view type, fhir::Json resource,
    std::optional<std::int64_t> expected_version);
[[nodiscard]] fhir::Result<storage::ResourceWrite> make_write(
    const SearchSupport& search, std::string_view type, fhir::Json resource,
    std::optional<std::int64_t> expected_version);

}  // namespace gateway::records
