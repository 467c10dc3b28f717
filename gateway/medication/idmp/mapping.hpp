// FEST catalog -> FHIR R4B IDMP resources (the mapping table of reference §6.2, R4B names).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "medication/fest/model.hpp"
#include "medication/index/mapped_resource.hpp"
#include "medication/index/resource_types.hpp"

namespace gateway::medication {

struct MappingResult {
  std::vector<MappedResource> resources;
  // Data problems that did not stop the mapping (dangling references, unknown operators).
  std::vector<std::string> warnings;
};

// Bump when the mapping output changes: persisted snapshots of another version are rebuilt.
inline constexpr std::uint32_t kMappingVersion = 1;

class MappingContext;

// Maps a FEST catalog one FEST object at a time, so that a caller can serialise each resource as
// soon as it exists instead of holding every mapped tree at once. `fest` must outlive it.
class FestMapper {
 public:
  explicit FestMapper(const FestCatalog& fest);
  ~FestMapper();
  FestMapper(const FestMapper&) = delete;
  FestMapper& operator=(const FestMapper&) = delete;

  // The FEST objects that become resources, in a deterministic order.
  std::size_t size() const { return objects_.size(); }
  // Maps object `index` and passes each of its resources to `sink`. Thread-safe.
  void map(std::size_t index, const std::function<void(MappedResource)>& sink) const;
  // Data problems found so far, sorted.
  std::vector<std::string> take_warnings();

 private:
  using FestObject =
      std::variant<const LegemiddelMerkevare*, const Legemiddelpakning*, const Virkestoff*,
                   const LegemiddelVirkestoff*, const Interaksjon*>;
  std::unique_ptr<MappingContext> ctx_;
  std::vector<FestObject> objects_;
};

// Every resource at once (tests and small catalogs).
MappingResult map_fest_catalog(const FestCatalog& fest);

}  // namespace gateway::medication
