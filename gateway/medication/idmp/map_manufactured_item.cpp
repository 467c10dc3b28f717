// LegemiddelMerkevare -> ManufacturedItemDefinition (derived: FEST has no explicit item).
#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"

namespace gateway::medication {
namespace {

constexpr std::string_view kManufacturedItemSystem =
    "https://fhir-gateway.example.no/fhir/NamingSystem/fest-manufactured-item";

Json property(std::string_view code, std::string_view display, Json value) {
  return {{"type", coded_concept(systems::kLocalConcepts, code, display)},
          {"valueCodeableConcept", std::move(value)}};
}

}  // namespace

MappedResource map_manufactured_item(const LegemiddelMerkevare& m, const MappingContext& ctx) {
  MappedResource out = start_resource(ResourceType::manufactured_item_definition,
                                      manufactured_item_id(m.id), ctx.timestamp(m.oppforing));
  Json& r = out.resource;
  r["identifier"] = Json::array({identifier(kManufacturedItemSystem, out.id)});
  r["status"] = "active";
  Json form = m.legemiddelform_kort
                  ? volven_concept(*m.legemiddelform_kort, systems::kVolvenLegemiddelform)
                  : Json::object();
  if (m.legemiddelform_lang) form["text"] = *m.legemiddelform_lang;
  if (form.empty()) form["text"] = "Legemiddelform ikke oppgitt";
  r["manufacturedDoseForm"] = std::move(form);
  if (m.administrering_legemiddel) {
    const auto& adm = *m.administrering_legemiddel;
    if (!adm.enhet_dosering.empty()) {
      r["unitOfPresentation"] =
          volven_concept(adm.enhet_dosering.front(), systems::kVolvenEnhetDosering);
    }
    Json properties = Json::array();
    if (adm.deling) {
      properties.push_back(property("deling", "Deling av dose",
                                    volven_concept(*adm.deling, systems::kVolvenDeling)));
    }
    if (adm.kan_knuses) {
      properties.push_back(property("kan-knuses", "Kan knuses",
                                    volven_concept(*adm.kan_knuses, systems::kVolvenJaNeiUkjent)));
    }
    if (adm.kan_apnes) {
      properties.push_back(property("kan-apnes", "Kan åpnes",
                                    volven_concept(*adm.kan_apnes, systems::kVolvenJaNeiUkjent)));
    }
    if (!properties.empty()) r["property"] = std::move(properties);
  }
  return out;
}

}  // namespace gateway::medication
