// FEST importer: walks FEST / Kat* / Oppf* and stores each finished payload in the catalog.
#include "medication/fest/catalog_builder.hpp"

#include <array>

#include "medication/fest/field_values.hpp"

namespace gateway::medication {
namespace {

struct KatalogNames {
  std::string_view katalog;
  std::string_view oppforing;
  FestKatalog kind;
};

constexpr std::array<KatalogNames, 10> kKataloger{{
    {"KatLegemiddelMerkevare", "OppfLegemiddelMerkevare", FestKatalog::legemiddel_merkevare},
    {"KatLegemiddelpakning", "OppfLegemiddelpakning", FestKatalog::legemiddelpakning},
    {"KatVirkestoff", "OppfVirkestoff", FestKatalog::virkestoff},
    {"KatLegemiddelVirkestoff", "OppfLegemiddelVirkestoff", FestKatalog::legemiddel_virkestoff},
    {"KatLegemiddeldose", "OppfLegemiddeldose", FestKatalog::legemiddeldose},
    {"KatKodeverk", "OppfKodeverk", FestKatalog::kodeverk},
    {"KatByttegruppe", "OppfByttegruppe", FestKatalog::byttegruppe},
    {"KatInteraksjon", "OppfInteraksjon", FestKatalog::interaksjon},
    {"KatRefusjon", "OppfRefusjon", FestKatalog::refusjon},
    {"KatVilkar", "OppfVilkar", FestKatalog::vilkar},
}};

std::string_view oppforing_name(FestKatalog kind) {
  for (const auto& names : kKataloger) {
    if (names.kind == kind) return names.oppforing;
  }
  return {};
}

// The key an object is stored under in its FestCatalog map (see model.hpp).
const std::string& key_of(const LegemiddelMerkevare& value) { return value.id; }
const std::string& key_of(const Legemiddelpakning& value) { return value.id; }
const std::string& key_of(const Virkestoff& value) { return value.id; }
const std::string& key_of(const VirkestoffMedStyrke& value) { return value.id; }
const std::string& key_of(const LegemiddelVirkestoff& value) { return value.id; }
const std::string& key_of(const Legemiddeldose& value) { return value.id; }
const std::string& key_of(const Kodeverk& value) { return value.info.id; }
const std::string& key_of(const Byttegruppe& value) { return value.id; }
const std::string& key_of(const Interaksjon& value) { return value.id; }
const std::string& key_of(const InteraksjonIkkeVurdert& value) { return value.atc.code; }
const std::string& key_of(const Refusjonshjemmel& value) { return value.refusjonshjemmel.code; }
const std::string& key_of(const Vilkar& value) { return value.id; }

auto& map_for(FestCatalog& catalog, const LegemiddelMerkevare&) {
  return catalog.legemiddel_merkevare;
}
auto& map_for(FestCatalog& catalog, const Legemiddelpakning&) { return catalog.legemiddelpakning; }
auto& map_for(FestCatalog& catalog, const Virkestoff&) { return catalog.virkestoff; }
auto& map_for(FestCatalog& catalog, const VirkestoffMedStyrke&) {
  return catalog.virkestoff_med_styrke;
}
auto& map_for(FestCatalog& catalog, const LegemiddelVirkestoff&) {
  return catalog.legemiddel_virkestoff;
}
auto& map_for(FestCatalog& catalog, const Legemiddeldose&) { return catalog.legemiddeldose; }
auto& map_for(FestCatalog& catalog, const Kodeverk&) { return catalog.kodeverk; }
auto& map_for(FestCatalog& catalog, const Byttegruppe&) { return catalog.byttegruppe; }
auto& map_for(FestCatalog& catalog, const Interaksjon&) { return catalog.interaksjon; }
auto& map_for(FestCatalog& catalog, const InteraksjonIkkeVurdert&) {
  return catalog.interaksjon_ikke_vurdert;
}
auto& map_for(FestCatalog& catalog, const Refusjonshjemmel&) { return catalog.refusjonshjemmel; }
auto& map_for(FestCatalog& catalog, const Vilkar&) { return catalog.vilkar; }

}  // namespace

std::variant<ElementAction, HandlerError> CatalogBuilder::start_element(std::string_view name) {
  const Frame parent = frames_.empty() ? Frame{Ctx::document, nullptr} : frames_.back();
  std::optional<Frame> child;
  switch (parent.ctx) {
    case Ctx::document:
      if (name != "FEST") {
        return HandlerError{"the root element is " + std::string(name) + ", expected FEST"};
      }
      child = Frame{Ctx::fest, nullptr};
      break;
    case Ctx::fest:
      if (name == "HentetDato" || name == "GyldigFradatoHelfo") {
        child = Frame{Ctx::leaf, nullptr};
      } else {
        child = enter_katalog(name);
      }
      break;
    case Ctx::katalog:
      if (name == oppforing_name(katalog_)) {
        oppforing_ = Oppforing{};
        payload_ = std::monostate{};
        child = Frame{Ctx::oppforing, nullptr};
      }
      break;
    case Ctx::oppforing:
      if (name == "Id" || name == "Tidspunkt" || name == "Status") {
        child = Frame{Ctx::leaf, nullptr};
      } else {
        child = enter_payload(name);
      }
      break;
    case Ctx::leaf:
      break;  // unknown element or unexpected children of a leaf
    default:
      child = enter_product_child(parent, name);
      if (!child) child = enter_register_child(parent, name);
      if (!child) child = Frame{Ctx::leaf, nullptr};
      break;
  }
  if (!child) return ElementAction::skip;
  frames_.push_back(*child);
  return ElementAction::enter;
}

std::optional<HandlerError> CatalogBuilder::end_element(std::string_view name,
                                                        const ElementContent& content) {
  const Frame frame = frames_.back();
  frames_.pop_back();
  switch (frame.ctx) {
    case Ctx::leaf:
      assign_leaf(frames_.back(), name, content);
      return std::nullopt;
    case Ctx::oppforing:
      return finish_oppforing();
    case Ctx::fest:
      if (catalog_.hentet_dato.empty()) return HandlerError{"FEST has no HentetDato"};
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<Frame> CatalogBuilder::enter_katalog(std::string_view name) {
  for (const auto& names : kKataloger) {
    if (names.katalog == name) {
      katalog_ = names.kind;
      return Frame{Ctx::katalog, nullptr};
    }
  }
  return std::nullopt;  // a catalog this importer does not keep
}

std::optional<Frame> CatalogBuilder::enter_payload(std::string_view name) {
  switch (katalog_) {
    case FestKatalog::legemiddel_merkevare:
      if (name == "LegemiddelMerkevare") {
        return begin_payload<LegemiddelMerkevare>(Ctx::legemiddel_merkevare);
      }
      break;
    case FestKatalog::legemiddelpakning:
      if (name == "Legemiddelpakning") {
        return begin_payload<Legemiddelpakning>(Ctx::legemiddelpakning);
      }
      break;
    case FestKatalog::virkestoff:
      if (name == "Virkestoff") return begin_payload<Virkestoff>(Ctx::virkestoff);
      if (name == "VirkestoffMedStyrke") {
        return begin_payload<VirkestoffMedStyrke>(Ctx::virkestoff_med_styrke);
      }
      break;
    case FestKatalog::legemiddel_virkestoff:
      if (name == "LegemiddelVirkestoff") {
        return begin_payload<LegemiddelVirkestoff>(Ctx::legemiddel_virkestoff);
      }
      break;
    case FestKatalog::legemiddeldose:
      if (name == "Legemiddeldose") return begin_payload<Legemiddeldose>(Ctx::legemiddeldose);
      break;
    case FestKatalog::kodeverk: {
      if (name != "Info" && name != "Element") break;
      if (!std::holds_alternative<Kodeverk>(payload_)) payload_.emplace<Kodeverk>();
      auto& kodeverk = std::get<Kodeverk>(payload_);
      if (name == "Info") return Frame{Ctx::kodeverk_info, &kodeverk.info};
      return Frame{Ctx::kodeverk_element, &kodeverk.element.emplace_back()};
    }
    case FestKatalog::byttegruppe:
      if (name == "Byttegruppe") return begin_payload<Byttegruppe>(Ctx::byttegruppe);
      break;
    case FestKatalog::interaksjon:
      if (name == "Interaksjon") return begin_payload<Interaksjon>(Ctx::interaksjon);
      if (name == "InteraksjonIkkeVurdert") {
        return begin_payload<InteraksjonIkkeVurdert>(Ctx::interaksjon_ikke_vurdert);
      }
      break;
    case FestKatalog::refusjon:
      if (name == "Refusjonshjemmel") {
        return begin_payload<Refusjonshjemmel>(Ctx::refusjonshjemmel);
      }
      break;
    case FestKatalog::vilkar:
      if (name == "Vilkar") return begin_payload<Vilkar>(Ctx::vilkar);
      break;
  }
  return std::nullopt;
}

void CatalogBuilder::assign_leaf(const Frame& parent, std::string_view name,
                                 const ElementContent& content) {
  if (parent.ctx == Ctx::fest) {
    if (name == "HentetDato") catalog_.hentet_dato = content.text;
    if (name == "GyldigFradatoHelfo") catalog_.gyldig_fradato_helfo = std::string(content.text);
  } else if (parent.ctx == Ctx::oppforing) {
    if (name == "Id") oppforing_.id = content.text;
    if (name == "Tidspunkt") oppforing_.tidspunkt = content.text;
    if (name == "Status") oppforing_.status = to_coded(content.attributes);
  } else if (!assign_product_leaf(parent, name, content)) {
    assign_register_leaf(parent, name, content);
  }
}

std::optional<HandlerError> CatalogBuilder::finish_oppforing() {
  if (oppforing_.id.empty()) {
    return HandlerError{std::string(oppforing_name(katalog_)) + " has no Id"};
  }
  if (oppforing_.status.code == "U") {
    catalog_.utgatte_oppforinger.push_back(UtgattOppforing{katalog_, std::move(oppforing_)});
    return std::nullopt;
  }
  return std::visit(
      [this](auto& payload) -> std::optional<HandlerError> {
        using T = std::decay_t<decltype(payload)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return std::nullopt;  // an active entry without payload carries nothing to store
        } else {
          if (key_of(payload).empty()) {
            return HandlerError{"the payload of " + oppforing_.id + " has no identifying key"};
          }
          payload.oppforing = std::move(oppforing_);
          std::string key = key_of(payload);
          map_for(catalog_, payload).insert_or_assign(std::move(key), std::move(payload));
          return std::nullopt;
        }
      },
      payload_);
}

}  // namespace gateway::medication
