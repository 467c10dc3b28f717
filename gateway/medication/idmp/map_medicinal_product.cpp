// LegemiddelMerkevare -> MedicinalProductDefinition.
#include <string>

#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"

namespace gateway::medication {
namespace {

constexpr std::string_view kNamePartType = "http://hl7.org/fhir/medicinal-product-name-part-type";

Json name_part(std::string_view part, std::string_view code, std::string_view display) {
  return {{"part", part}, {"type", coded_concept(kNamePartType, code, display)}};
}

Json characteristic(std::string_view code, std::string_view display) {
  return {{"type", coded_concept(systems::kLocalConcepts, code, display)}};
}

// xs:duration "P1Y" -> Quantity in UCUM; nullopt for anything more complex.
std::optional<Json> duration_quantity(const std::string& text) {
  if (text.size() < 3 || text.front() != 'P') return std::nullopt;
  const std::string number = text.substr(1, text.size() - 2);
  if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const char unit = text.back();
  const char* ucum = unit == 'Y'   ? "a"
                     : unit == 'M' ? "mo"
                     : unit == 'W' ? "wk"
                     : unit == 'D' ? "d"
                                   : nullptr;
  if (!ucum) return std::nullopt;
  return Json{
      {"value", std::stoi(number)}, {"unit", ucum}, {"system", systems::kUcum}, {"code", ucum}};
}

Json name_of(const LegemiddelMerkevare& m, const MappingContext& ctx) {
  Json parts = Json::array();
  if (!m.varenavn.empty())
    parts.push_back(name_part(m.varenavn, "InventedNamePart", "Invented name part"));
  std::string strength;
  for (const auto& s : m.sortert_virkestoff_med_styrke) {
    if (const auto* v = ctx.virkestoff_med_styrke(s.ref_virkestoff_med_styrke)) {
      if (!strength.empty()) strength += "/";
      strength += strength_text(*v, nullptr);
    }
  }
  if (!strength.empty()) parts.push_back(name_part(strength, "StrengthPart", "Strength part"));
  if (m.legemiddelform_kort && !m.legemiddelform_kort->display.empty()) {
    parts.push_back(
        name_part(m.legemiddelform_kort->display, "DoseFormPart", "Pharmaceutical dose form part"));
  }
  Json name = {{"productName", m.navn_form_styrke}};
  if (!parts.empty()) name["namePart"] = std::move(parts);
  name["countryLanguage"] =
      Json::array({{{"country", norway_concept()},
                    {"language", coded_concept(systems::kLanguage, "nb", "Norsk bokmål")}}});
  return Json::array({name});
}

Json characteristics_of(const LegemiddelMerkevare& m, const MappingContext& ctx) {
  Json out = Json::array();
  for (const auto& r : m.reseptgyldighet) {
    Json c = characteristic("reseptgyldighet", "Reseptgyldighet");
    if (r.kjonn) c["type"]["coding"].push_back(volven_coding(*r.kjonn, "3101"));
    if (auto q = duration_quantity(r.varighet))
      c["valueQuantity"] = *q;
    else
      c["valueCodeableConcept"] = text_concept(r.varighet);
    out.push_back(std::move(c));
  }
  if (m.produkt_info && m.produkt_info->varseltrekant) {
    Json c = characteristic("varseltrekant", "Varseltrekant (påvirker evnen til å kjøre bil)");
    c["valueBoolean"] = *m.produkt_info->varseltrekant;
    out.push_back(std::move(c));
  }
  if (m.pakning_byttegruppe) {
    auto it = ctx.fest().byttegruppe.find(m.pakning_byttegruppe->ref_byttegruppe);
    if (it != ctx.fest().byttegruppe.end()) {
      Json c = characteristic("byttegruppe", "Byttegruppe");
      c["valueCodeableConcept"] = volven_concept(it->second.kode, systems::kVolvenByttegruppe);
      out.push_back(std::move(c));
    }
  }
  if (m.type_soknad_slv) {
    Json c = characteristic("type-soknad-slv", "Søknadstype");
    c["valueCodeableConcept"] = volven_concept(*m.type_soknad_slv, "7422");
    out.push_back(std::move(c));
  }
  if (m.opioidsoknad) {
    Json c = characteristic("opioidsoknad", "Opioidsøknad");
    c["valueBoolean"] = *m.opioidsoknad;
    out.push_back(std::move(c));
  }
  if (m.smak) {
    Json c = characteristic("smak", "Smak");
    c["valueCodeableConcept"] = fest_element_concept(*m.smak, "smak");
    out.push_back(std::move(c));
  }
  return out;
}

// SmPC links as contained DocumentReferences.
void add_documents(const LegemiddelMerkevare& m, Json& resource) {
  Json contained = Json::array();
  Json refs = Json::array();
  for (const auto& avsnitt : m.preparatomtaleavsnitt) {
    const std::string id = "doc" + std::to_string(contained.size() + 1);
    Json attachment = {{"url", avsnitt.lenke.www}};
    if (avsnitt.lenke.beskrivelse) attachment["title"] = *avsnitt.lenke.beskrivelse;
    contained.push_back(
        {{"resourceType", "DocumentReference"},
         {"id", id},
         {"status", "current"},
         {"type", fest_element_concept(avsnitt.avsnittoverskrift, "avsnittoverskrift")},
         {"content", Json::array({{{"attachment", attachment}}})}});
    refs.push_back({{"reference", "#" + id}});
  }
  if (contained.empty()) return;
  resource["contained"] = std::move(contained);
  resource["attachedDocument"] = std::move(refs);
}

Json ingredient_codes(const LegemiddelMerkevare& m, const MappingContext& ctx) {
  Json out = Json::array();
  auto add = [&](const std::string& virkestoff_id) {
    const auto* v = ctx.virkestoff(virkestoff_id);
    out.push_back(coded_concept(systems::kVirkestoffId, virkestoff_id, v ? v->navn : ""));
  };
  for (const auto& s : m.sortert_virkestoff_med_styrke) {
    if (const auto* v = ctx.virkestoff_med_styrke(s.ref_virkestoff_med_styrke))
      add(v->ref_virkestoff);
  }
  for (const auto& s : m.sortert_virkestoff_uten_styrke) add(s.ref_virkestoff);
  return out;
}

}  // namespace

MappedResource map_medicinal_product(const LegemiddelMerkevare& m, const MappingContext& ctx) {
  MappedResource out = start_resource(ResourceType::medicinal_product_definition,
                                      medicinal_product_id(m.id), ctx.timestamp(m.oppforing));
  Json& r = out.resource;
  add_documents(m, r);
  r["identifier"] = Json::array({identifier(systems::kMerkevareId, m.id)});
  if (m.preparattype) r["type"] = volven_concept(*m.preparattype, systems::kVolvenPreparattype);
  r["status"] = coded_concept(systems::kPublicationStatus, "active", "Active");
  if (m.legemiddelform_kort || m.legemiddelform_lang) {
    Json form = m.legemiddelform_kort
                    ? volven_concept(*m.legemiddelform_kort, systems::kVolvenLegemiddelform)
                    : Json::object();
    if (m.legemiddelform_lang) form["text"] = *m.legemiddelform_lang;
    r["combinedPharmaceuticalDoseForm"] = std::move(form);
  }
  if (m.administrering_legemiddel && !m.administrering_legemiddel->administrasjonsvei.empty()) {
    Json routes = Json::array();
    for (const auto& vei : m.administrering_legemiddel->administrasjonsvei) {
      routes.push_back(volven_concept(vei, systems::kVolvenAdministrasjonsvei));
    }
    r["route"] = std::move(routes);
  }
  r["legalStatusOfSupply"] = volven_concept(m.reseptgruppe, systems::kVolvenReseptgruppe);
  if (m.svart_trekant) {
    Json indicator =
        coded_concept("http://hl7.org/fhir/medicinal-product-additional-monitoring",
                      "BlackTriangleMonitoring", "Requirement for Black Triangle Monitoring");
    if (!m.svart_trekant->system.empty()) {
      indicator["coding"].push_back(volven_coding(*m.svart_trekant, ""));
    }
    r["additionalMonitoringIndicator"] = std::move(indicator);
  }
  Json classification = Json::array();
  if (m.atc) classification.push_back(atc_concept(*m.atc));
  if (m.produkt_info && m.produkt_info->vaksinestandard) {
    classification.push_back(
        volven_concept(*m.produkt_info->vaksinestandard, systems::kVolvenVaksinestandard));
  }
  if (!classification.empty()) r["classification"] = std::move(classification);
  Json ingredients = ingredient_codes(m, ctx);
  if (!ingredients.empty()) r["ingredient"] = std::move(ingredients);
  r["name"] = name_of(m, ctx);
  if (m.produkt_info && m.produkt_info->referanseprodukt) {
    r["crossReference"] =
        Json::array({{{"product", {{"concept", text_concept(*m.produkt_info->referanseprodukt)}}},
                      {"type", coded_concept(systems::kLocalConcepts, "referanseprodukt",
                                             "Referanseprodukt")}}});
  }
  Json characteristics = characteristics_of(m, ctx);
  if (!characteristics.empty()) r["characteristic"] = std::move(characteristics);
  return out;
}

}  // namespace gateway::medication
