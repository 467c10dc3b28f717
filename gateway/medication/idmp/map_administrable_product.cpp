// LegemiddelVirkestoff -> AdministrableProductDefinition (the PhPID-like generic level).
#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"
#include "medication/index/fhir_id.hpp"

namespace gateway::medication {
namespace {

Json property(std::string_view code, std::string_view display, Json value) {
  return {{"type", coded_concept(systems::kLocalConcepts, code, display)},
          {"valueCodeableConcept", std::move(value)}};
}

}  // namespace

MappedResource map_administrable_product(const LegemiddelVirkestoff& lv,
                                         const MappingContext& ctx) {
  MappedResource out = start_resource(ResourceType::administrable_product_definition,
                                      fhir_id("", lv.id), ctx.timestamp(lv.oppforing));
  Json& r = out.resource;
  r["identifier"] = Json::array({identifier(systems::kLegemiddelVirkestoffId, lv.id)});
  r["status"] = "active";
  Json form_of = Json::array();
  Json produced_from = Json::array();
  for (const auto& merkevare_id : lv.ref_legemiddel_merkevare) {
    if (!ctx.merkevare(merkevare_id)) {
      ctx.warn("LegemiddelVirkestoff " + lv.id + ": unknown LegemiddelMerkevare " + merkevare_id);
      continue;
    }
    form_of.push_back(
        reference(ResourceType::medicinal_product_definition, medicinal_product_id(merkevare_id)));
    produced_from.push_back(
        reference(ResourceType::manufactured_item_definition, manufactured_item_id(merkevare_id)));
  }
  if (!form_of.empty()) r["formOf"] = std::move(form_of);
  if (lv.legemiddelform_kort) {
    r["administrableDoseForm"] =
        volven_concept(*lv.legemiddelform_kort, systems::kVolvenLegemiddelform);
  }
  const auto& adm = lv.administrering_legemiddel;
  if (adm && !adm->enhet_dosering.empty()) {
    r["unitOfPresentation"] =
        volven_concept(adm->enhet_dosering.front(), systems::kVolvenEnhetDosering);
  }
  if (!produced_from.empty()) r["producedFrom"] = std::move(produced_from);
  Json ingredients = Json::array();
  auto add = [&](const std::string& virkestoff_id) {
    const Virkestoff* v = ctx.virkestoff(virkestoff_id);
    ingredients.push_back(coded_concept(systems::kVirkestoffId, virkestoff_id, v ? v->navn : ""));
  };
  for (const auto& s : lv.sortert_virkestoff_med_styrke) {
    if (const auto* v = ctx.virkestoff_med_styrke(s.ref_virkestoff_med_styrke))
      add(v->ref_virkestoff);
  }
  for (const auto& s : lv.sortert_virkestoff_uten_styrke) add(s.ref_virkestoff);
  if (!ingredients.empty()) r["ingredient"] = std::move(ingredients);
  // APD has no name or legal status element: keep both as properties so nothing is dropped.
  r["property"] = Json::array(
      {property("navn-form-styrke", "NavnFormStyrke", text_concept(lv.navn_form_styrke)),
       property("reseptgruppe", "Reseptgruppe",
                volven_concept(lv.reseptgruppe, systems::kVolvenReseptgruppe))});
  Json routes = Json::array();
  if (adm) {
    for (const auto& vei : adm->administrasjonsvei) {
      routes.push_back({{"code", volven_concept(vei, systems::kVolvenAdministrasjonsvei)}});
    }
  }
  if (routes.empty()) routes.push_back({{"code", text_concept("Administrasjonsvei ikke oppgitt")}});
  r["routeOfAdministration"] = std::move(routes);
  return out;
}

}  // namespace gateway::medication
