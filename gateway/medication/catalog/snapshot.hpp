// The persisted catalog: a checksummed binary file of the indexed resources, so that a
// restart skips the FEST import and the mapping.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "fhir/error.hpp"
#include "medication/catalog/catalog.hpp"

namespace gateway::medication {

// Writes atomically (temporary file + rename). Returns an error message on failure.
std::optional<std::string> write_snapshot(const Catalog& catalog, const std::string& path);
// Reads and verifies a snapshot; a different format or mapping version is an error.
fhir::Result<std::shared_ptr<const Catalog>> read_snapshot(const std::string& path);
// Only the header: where the snapshot's catalog came from (to decide whether it is fresh).
std::optional<CatalogInfo> read_snapshot_info(const std::string& path);

}  // namespace gateway::medication
