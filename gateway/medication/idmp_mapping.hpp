// FEST catalog -> FHIR R4B IDMP resources (the mapping table of reference §6.2, R4B names).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fhir/json.hpp"
#include "gateway/medication/fest_model.hpp"
#include "medication/resource_types.hpp"

namespace gateway::medication {

struct MappedResource {
  ResourceType type;
  std::string id;
  std::string last_updated;  // FHIR instant, also in resource.meta.lastUpdated
  std::int64_t last_updated_epoch = 0;
  fhir::Json resource;  // meta.versionId is filled when the resource is indexed
};

struct MappingResult {
  std::vector<MappedResource> resources;
  // Data problems that did not stop the mapping (dangling references, unknown operators).
  std::vector<std::string> warnings;
};

// Bump when the mapping output changes: persisted snapshots of another version are rebuilt.
inline constexpr std::uint32_t kMappingVersion = 1;

MappingResult map_fest_catalog(const FestCatalog& fest);

}  // namespace gateway::medication
