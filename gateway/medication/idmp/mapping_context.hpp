// Lookups and reverse references the individual mappers share, built once per FEST catalog.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "medication/fest/model.hpp"
#include "medication/idmp/mapping.hpp"
#include "medication/index/timestamps.hpp"

namespace gateway::medication {

class MappingContext {
 public:
  explicit MappingContext(const FestCatalog& fest);

  const FestCatalog& fest() const { return fest_; }
  const Virkestoff* virkestoff(const std::string& id) const;
  const VirkestoffMedStyrke* virkestoff_med_styrke(const std::string& id) const;
  const LegemiddelMerkevare* merkevare(const std::string& id) const;
  // Therapeutic moieties whose RefVirkestoff names this (salt) substance.
  const std::vector<std::string>& moieties_of(const std::string& virkestoff_id) const;
  // LegemiddelVirkestoff Ids that reference this merkevare.
  const std::vector<std::string>& legemiddel_virkestoff_of(const std::string& merkevare_id) const;
  // Legemiddeldose entries that reference this pakning.
  const std::vector<const Legemiddeldose*>& doses_of(const std::string& pakning_id) const;
  // Oppf/Tidspunkt as an instant; falls back to HentetDato (with a warning) when malformed.
  Instant timestamp(const Oppforing& oppforing) const;

  // Thread-safe: the mappers run on several threads.
  void warn(std::string message) const {
    std::lock_guard lock(warnings_mutex_);
    warnings_.push_back(std::move(message));
  }
  std::vector<std::string> take_warnings() const {
    std::lock_guard lock(warnings_mutex_);
    return std::move(warnings_);
  }

 private:
  const FestCatalog& fest_;
  std::unordered_map<std::string, std::vector<std::string>> moieties_;
  std::unordered_map<std::string, std::vector<std::string>> legemiddel_virkestoff_;
  std::unordered_map<std::string, std::vector<const Legemiddeldose*>> doses_;
  Instant fallback_time_;
  mutable std::mutex warnings_mutex_;
  mutable std::vector<std::string> warnings_;
};

// One mapper per FEST object kind (map_*.cpp).
MappedResource map_medicinal_product(const LegemiddelMerkevare& merkevare,
                                     const MappingContext& ctx);
MappedResource map_manufactured_item(const LegemiddelMerkevare& merkevare,
                                     const MappingContext& ctx);
std::vector<MappedResource> map_ingredients(const LegemiddelMerkevare& merkevare,
                                            const MappingContext& ctx);
std::vector<MappedResource> map_regulated_authorization(const LegemiddelMerkevare& merkevare,
                                                        const MappingContext& ctx);
MappedResource map_packaged_product(const Legemiddelpakning& pakning, const MappingContext& ctx);
MappedResource map_substance(const Virkestoff& virkestoff, const MappingContext& ctx);
MappedResource map_administrable_product(const LegemiddelVirkestoff& legemiddel_virkestoff,
                                         const MappingContext& ctx);
MappedResource map_clinical_use(const Interaksjon& interaksjon, const MappingContext& ctx);

// Resource ids (stable across imports, derived from FEST Ids).
std::string medicinal_product_id(const std::string& merkevare_id);
std::string manufactured_item_id(const std::string& merkevare_id);
std::string substance_id(const std::string& virkestoff_id);

// The resource skeleton every mapper starts from: resourceType, id, meta.
MappedResource start_resource(ResourceType type, std::string id, const Instant& updated);

}  // namespace gateway::medication

namespace gateway::medication {
// "10 mg", "50 mg/5 ml", "< 10 mg", "10-20 mg/tablett": the strength as display text. With a
// merkevare, a strength without StyrkeNevner is per its EnhetDosering.
std::string strength_text(const VirkestoffMedStyrke& strength,
                          const LegemiddelMerkevare* merkevare);
}  // namespace gateway::medication
