// The shared lookups of the mappers and the resource skeleton.
#include "medication/idmp/mapping_context.hpp"

#include <algorithm>

#include "medication/idmp/coding.hpp"
#include "medication/index/fhir_id.hpp"

namespace gateway::medication {
namespace {

template <typename Map>
auto find_in(const Map& map, const std::string& id) -> const typename Map::mapped_type* {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

MappingContext::MappingContext(const FestCatalog& fest) : fest_(fest) {
  for (const auto& [id, v] : fest.virkestoff) {
    for (const auto& salt : v.ref_virkestoff) moieties_[salt].push_back(id);
  }
  for (const auto& [id, lv] : fest.legemiddel_virkestoff) {
    for (const auto& m : lv.ref_legemiddel_merkevare) legemiddel_virkestoff_[m].push_back(id);
  }
  for (const auto& [id, dose] : fest.legemiddeldose) {
    for (const auto& p : dose.ref_pakning) doses_[p].push_back(&dose);
  }
  // Deterministic output whatever the hash map order was.
  for (auto& [k, v] : moieties_) std::sort(v.begin(), v.end());
  for (auto& [k, v] : legemiddel_virkestoff_) std::sort(v.begin(), v.end());
  for (auto& [k, v] : doses_) {
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->id < b->id; });
  }
  fallback_time_ =
      parse_fest_timestamp(fest.hentet_dato).value_or(Instant{"1970-01-01T00:00:00+00:00", 0});
}

const Virkestoff* MappingContext::virkestoff(const std::string& id) const {
  return find_in(fest_.virkestoff, id);
}
const VirkestoffMedStyrke* MappingContext::virkestoff_med_styrke(const std::string& id) const {
  return find_in(fest_.virkestoff_med_styrke, id);
}
const LegemiddelMerkevare* MappingContext::merkevare(const std::string& id) const {
  return find_in(fest_.legemiddel_merkevare, id);
}

const std::vector<std::string>& MappingContext::moieties_of(const std::string& id) const {
  static const std::vector<std::string> kNone;
  auto it = moieties_.find(id);
  return it == moieties_.end() ? kNone : it->second;
}

const std::vector<std::string>& MappingContext::legemiddel_virkestoff_of(
    const std::string& merkevare_id) const {
  static const std::vector<std::string> kNone;
  auto it = legemiddel_virkestoff_.find(merkevare_id);
  return it == legemiddel_virkestoff_.end() ? kNone : it->second;
}

const std::vector<const Legemiddeldose*>& MappingContext::doses_of(
    const std::string& pakning_id) const {
  static const std::vector<const Legemiddeldose*> kNone;
  auto it = doses_.find(pakning_id);
  return it == doses_.end() ? kNone : it->second;
}

Instant MappingContext::timestamp(const Oppforing& oppforing) const {
  if (auto t = parse_fest_timestamp(oppforing.tidspunkt)) return *t;
  warn("entry " + oppforing.id + ": malformed Tidspunkt '" + oppforing.tidspunkt +
       "', using HentetDato");
  return fallback_time_;
}

std::string medicinal_product_id(const std::string& merkevare_id) {
  return fhir_id("", merkevare_id);
}
std::string manufactured_item_id(const std::string& merkevare_id) {
  return fhir_id("mid-", merkevare_id);
}
std::string substance_id(const std::string& virkestoff_id) { return fhir_id("", virkestoff_id); }

MappedResource start_resource(ResourceType type, std::string id, const Instant& updated) {
  MappedResource out{type, id, updated.fhir, updated.epoch_seconds, fhir::Json::object()};
  out.resource["resourceType"] = type_name(type);
  out.resource["id"] = std::move(id);
  out.resource["meta"] = meta(updated.fhir, type);
  return out;
}

}  // namespace gateway::medication
