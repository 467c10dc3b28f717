// A mapped resource made ready to serve: serialised once, versioned by content, with its
// search keys.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "medication/index/mapped_resource.hpp"
#include "medication/index/search_keys.hpp"

namespace gateway::medication {

struct IndexedResource {
  ResourceType type = ResourceType::medicinal_product_definition;
  std::string id;
  std::string version_id;    // hash of the content: stable across imports while unchanged
  std::string last_updated;  // FHIR instant
  std::int64_t last_updated_epoch = 0;
  std::shared_ptr<const std::string> json;  // the resource as sent (meta.versionId filled)
  SearchKeys keys;
};

// Serialises `mapped` with meta.versionId set to a content hash and extracts its keys.
IndexedResource index_resource(MappedResource mapped);

}  // namespace gateway::medication
