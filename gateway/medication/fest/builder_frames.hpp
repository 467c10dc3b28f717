// Internal to the FEST importer: the open-element frames of the catalog builder and the
// per-structure handlers that enter child structures and assign leaf elements.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "medication/fest/xml_reader.hpp"

namespace gateway::medication {

// Which model structure an open element fills.
enum class Ctx : std::uint8_t {
  document,
  fest,
  katalog,
  oppforing,
  // product side (product_fields.cpp)
  legemiddel_merkevare,
  legemiddelpakning,
  legemiddel_virkestoff,
  legemiddeldose,
  administrering_legemiddel,
  refusjon,
  pakning_byttegruppe,
  sortert_virkestoff_med_styrke,
  sortert_virkestoff_uten_styrke,
  produkt_info,
  reseptgyldighet,
  hjelpestoff,
  preparatomtaleavsnitt,
  lenke,
  pakningsinfo,
  pakningskomponent,
  pakningsinfo_resept,
  pris_vare,
  markedsforingsinfo,
  // registers (register_fields.cpp)
  virkestoff,
  virkestoff_med_styrke,
  kodeverk_info,
  kodeverk_element,
  kodeverk_term,
  byttegruppe,
  interaksjon,
  referanse,
  substansgruppe,
  substans,
  interaksjon_ikke_vurdert,
  refusjonshjemmel,
  refusjonsgruppe,
  refusjonskode,
  refusjonsvilkar,
  vilkar,
  strukturert_vilkar,
  // an element whose content is text/attributes only (or an unknown element)
  leaf,
};

// An open element: its context and the model object it fills (type given by ctx). Targets point
// into the builder's current payload; they stay valid while the element is open because
// siblings are only appended after it closes.
struct Frame {
  Ctx ctx;
  void* target;
};

template <typename T>
T& target_of(const Frame& frame) {
  return *static_cast<T*>(frame.target);
}

// Returns the frame of `name` when it is a structure inside `parent`; nullopt means a leaf.
std::optional<Frame> enter_product_child(const Frame& parent, std::string_view name);
std::optional<Frame> enter_register_child(const Frame& parent, std::string_view name);

// Stores a closed leaf element into `parent`; false when `parent` is not handled here.
bool assign_product_leaf(const Frame& parent, std::string_view name, const ElementContent& content);
bool assign_register_leaf(const Frame& parent, std::string_view name,
                          const ElementContent& content);

}  // namespace gateway::medication
