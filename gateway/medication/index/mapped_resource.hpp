// One FHIR resource as the IDMP mapping produces it: what indexing takes in.
#pragma once

#include <cstdint>
#include <string>

#include "fhir/json.hpp"
#include "medication/index/resource_types.hpp"

namespace gateway::medication {

struct MappedResource {
  ResourceType type;
  std::string id;
  std::string last_updated;  // FHIR instant, also in resource.meta.lastUpdated
  std::int64_t last_updated_epoch = 0;
  fhir::Json resource;  // meta.versionId is filled when the resource is indexed
};

}  // namespace gateway::medication
