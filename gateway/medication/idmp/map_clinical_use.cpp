// Interaksjon -> ClinicalUseDefinition (type interaction).
#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"
#include "medication/index/fhir_id.hpp"

namespace gateway::medication {
namespace {

// Which Substansgruppe (side of the interaction) an interactant belongs to.
constexpr std::string_view kInteractantGroup =
    "https://fhir-gateway.example.no/fhir/StructureDefinition/interactant-group";
constexpr std::string_view kSituationCriterion =
    "https://fhir-gateway.example.no/fhir/StructureDefinition/interaction-situation-criterion";

Json interactant(const Substans& s, int group, const Substansgruppe& gruppe) {
  Json item = Json::object();
  Json codings = Json::array();
  if (s.atc) {
    const Json atc = atc_concept(*s.atc);
    for (const auto& c : atc["coding"]) codings.push_back(c);
  }
  for (const auto& v : s.ref_virkestoff) {
    codings.push_back({{"system", systems::kVirkestoffId}, {"code", v}});
  }
  if (!codings.empty()) item["coding"] = std::move(codings);
  item["text"] = s.substans;
  std::string group_text = std::to_string(group);
  if (gruppe.navn) group_text += " " + *gruppe.navn;
  return {{"extension", Json::array({{{"url", kInteractantGroup}, {"valueString", group_text}}})},
          {"itemCodeableConcept", std::move(item)}};
}

}  // namespace

MappedResource map_clinical_use(const Interaksjon& ia, const MappingContext& ctx) {
  MappedResource out = start_resource(ResourceType::clinical_use_definition, fhir_id("", ia.id),
                                      ctx.timestamp(ia.oppforing));
  Json& r = out.resource;
  r["identifier"] = Json::array({identifier(systems::kInteraksjonId, ia.id)});
  r["type"] = "interaction";
  r["category"] = Json::array({volven_concept(ia.relevans, systems::kVolvenRelevans),
                               volven_concept(ia.kildegrunnlag, systems::kVolvenKildegrunnlag)});
  r["status"] = coded_concept(systems::kPublicationStatus, "active", "Active");
  Json interaction = Json::object();
  if (ia.situasjonskriterium) {
    interaction["extension"] =
        Json::array({{{"url", kSituationCriterion}, {"valueString", *ia.situasjonskriterium}}});
  }
  Json interactants = Json::array();
  int group = 0;
  for (const auto& gruppe : ia.substansgruppe) {
    ++group;
    for (const auto& s : gruppe.substans) interactants.push_back(interactant(s, group, gruppe));
  }
  if (ia.substansgruppe.size() < 2) {
    ctx.warn("Interaksjon " + ia.id + ": fewer than two Substansgruppe");
  }
  interaction["interactant"] = std::move(interactants);
  Json type = coded_concept("http://hl7.org/fhir/interaction-type", "drug-drug",
                            "drug to drug interaction");
  if (ia.interaksjonsmekanisme) type["text"] = *ia.interaksjonsmekanisme;
  interaction["type"] = std::move(type);
  interaction["effect"] = {{"concept", text_concept(ia.klinisk_konsekvens)}};
  if (ia.handtering) interaction["management"] = Json::array({text_concept(*ia.handtering)});
  r["interaction"] = std::move(interaction);
  return out;
}

}  // namespace gateway::medication
