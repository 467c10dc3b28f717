// Runs every mapper over a FEST catalog, in a deterministic order.
#include "medication/idmp_mapping.hpp"

#include <algorithm>
#include <thread>

#include "medication/mapping_context.hpp"

namespace gateway::medication {
namespace {

template <typename Map>
std::vector<const typename Map::mapped_type*> sorted_values(const Map& map) {
  std::vector<std::pair<const std::string*, const typename Map::mapped_type*>> items;
  items.reserve(map.size());
  for (const auto& [key, value] : map) items.emplace_back(&key, &value);
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  std::vector<const typename Map::mapped_type*> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(item.second);
  return out;
}

void append(std::vector<MappedResource>& out, std::vector<MappedResource> more) {
  for (auto& r : more) out.push_back(std::move(r));
}

}  // namespace

MappingResult map_fest_catalog(const FestCatalog& fest) {
  MappingContext ctx(fest);
  MappingResult result;
  auto& out = result.resources;
  for (const auto* m : sorted_values(fest.legemiddel_merkevare)) {
    out.push_back(map_medicinal_product(*m, ctx));
    out.push_back(map_manufactured_item(*m, ctx));
    append(out, map_ingredients(*m, ctx));
    append(out, map_regulated_authorization(*m, ctx));
  }
  for (const auto* p : sorted_values(fest.legemiddelpakning))
    out.push_back(map_packaged_product(*p, ctx));
  for (const auto* v : sorted_values(fest.virkestoff)) out.push_back(map_substance(*v, ctx));
  for (const auto* lv : sorted_values(fest.legemiddel_virkestoff)) {
    out.push_back(map_administrable_product(*lv, ctx));
  }
  for (const auto* ia : sorted_values(fest.interaksjon)) out.push_back(map_clinical_use(*ia, ctx));
  result.warnings = ctx.take_warnings();
  return result;
}

}  // namespace gateway::medication
