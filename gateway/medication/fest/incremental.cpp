// Applies an incremental FEST extract: expire entries by Oppf/Id, then upsert by object key.
#include "medication/fest/incremental.hpp"

#include <map>
#include <unordered_set>

namespace gateway::medication {
namespace {

using OppforingIds = std::unordered_set<std::string>;

// Removes every object whose current Oppforing id was expired. An expired id that no object
// carries any more (the object was already replaced by a newer entry) removes nothing.
template <typename Map>
void remove_expired(Map& objects, const OppforingIds& expired) {
  if (expired.empty()) return;
  std::erase_if(objects,
                [&](const auto& entry) { return expired.contains(entry.second.oppforing.id); });
}

void expire_all(FestCatalog& catalog, const std::vector<UtgattOppforing>& utgatte) {
  std::map<FestKatalog, OppforingIds> expired;
  for (const auto& utgatt : utgatte) expired[utgatt.katalog].insert(utgatt.oppforing.id);
  const auto ids = [&](FestKatalog katalog) -> const OppforingIds& { return expired[katalog]; };
  remove_expired(catalog.legemiddel_merkevare, ids(FestKatalog::legemiddel_merkevare));
  remove_expired(catalog.legemiddelpakning, ids(FestKatalog::legemiddelpakning));
  remove_expired(catalog.virkestoff, ids(FestKatalog::virkestoff));
  remove_expired(catalog.virkestoff_med_styrke, ids(FestKatalog::virkestoff));
  remove_expired(catalog.legemiddel_virkestoff, ids(FestKatalog::legemiddel_virkestoff));
  remove_expired(catalog.legemiddeldose, ids(FestKatalog::legemiddeldose));
  remove_expired(catalog.kodeverk, ids(FestKatalog::kodeverk));
  remove_expired(catalog.byttegruppe, ids(FestKatalog::byttegruppe));
  remove_expired(catalog.interaksjon, ids(FestKatalog::interaksjon));
  remove_expired(catalog.interaksjon_ikke_vurdert, ids(FestKatalog::interaksjon));
  remove_expired(catalog.refusjonshjemmel, ids(FestKatalog::refusjon));
  remove_expired(catalog.vilkar, ids(FestKatalog::vilkar));
}

template <typename Map>
void upsert_all(Map& target, Map&& source) {
  for (auto& [key, value] : source) target.insert_or_assign(key, std::move(value));
}

}  // namespace

FestCatalog apply_incremental(FestCatalog base, FestCatalog delta) {
  expire_all(base, delta.utgatte_oppforinger);
  upsert_all(base.legemiddel_merkevare, std::move(delta.legemiddel_merkevare));
  upsert_all(base.legemiddelpakning, std::move(delta.legemiddelpakning));
  upsert_all(base.virkestoff, std::move(delta.virkestoff));
  upsert_all(base.virkestoff_med_styrke, std::move(delta.virkestoff_med_styrke));
  upsert_all(base.legemiddel_virkestoff, std::move(delta.legemiddel_virkestoff));
  upsert_all(base.legemiddeldose, std::move(delta.legemiddeldose));
  upsert_all(base.kodeverk, std::move(delta.kodeverk));
  upsert_all(base.byttegruppe, std::move(delta.byttegruppe));
  upsert_all(base.interaksjon, std::move(delta.interaksjon));
  upsert_all(base.interaksjon_ikke_vurdert, std::move(delta.interaksjon_ikke_vurdert));
  upsert_all(base.refusjonshjemmel, std::move(delta.refusjonshjemmel));
  upsert_all(base.vilkar, std::move(delta.vilkar));
  base.hentet_dato = std::move(delta.hentet_dato);
  if (delta.gyldig_fradato_helfo) base.gyldig_fradato_helfo = std::move(delta.gyldig_fradato_helfo);
  base.utgatte_oppforinger.clear();
  return base;
}

}  // namespace gateway::medication
