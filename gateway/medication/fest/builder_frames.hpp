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
  Document,
  Fest,
  Katalog,
  Oppforing,
  // product side (product_fields.cpp)
  LegemiddelMerkevare,
  Legemiddelpakning,
  LegemiddelVirkestoff,
  Legemiddeldose,
  AdministreringLegemiddel,
  Refusjon,
  PakningByttegruppe,
  SortertVirkestoffMedStyrke,
  SortertVirkestoffUtenStyrke,
  ProduktInfo,
  Reseptgyldighet,
  Hjelpestoff,
  Preparatomtaleavsnitt,
  Lenke,
  Pakningsinfo,
  Pakningskomponent,
  PakningsinfoResept,
  PrisVare,
  Markedsforingsinfo,
  // registers (register_fields.cpp)
  Virkestoff,
  VirkestoffMedStyrke,
  KodeverkInfo,
  KodeverkElement,
  KodeverkTerm,
  Byttegruppe,
  Interaksjon,
  Referanse,
  Substansgruppe,
  Substans,
  InteraksjonIkkeVurdert,
  Refusjonshjemmel,
  Refusjonsgruppe,
  Refusjonskode,
  Refusjonsvilkar,
  Vilkar,
  StrukturertVilkar,
  // an element whose content is text/attributes only (or an unknown element)
  Leaf,
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
