// Virkestoff -> SubstanceDefinition, with moiety/salt relationships.
#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"

namespace gateway::medication {
namespace {

constexpr std::string_view kRelationshipType = "http://hl7.org/fhir/substance-relationship-type";

Json relationship(const std::string& other_id, const MappingContext& ctx, std::string_view code,
                  std::string_view display) {
  Json ref = reference(ResourceType::substance_definition, substance_id(other_id));
  if (const Virkestoff* other = ctx.virkestoff(other_id)) ref["display"] = other->navn;
  return {{"substanceDefinitionReference", std::move(ref)},
          {"type", coded_concept(kRelationshipType, code, display)}};
}

}  // namespace

MappedResource map_substance(const Virkestoff& v, const MappingContext& ctx) {
  MappedResource out = start_resource(ResourceType::substance_definition, substance_id(v.id),
                                      ctx.timestamp(v.oppforing));
  Json& r = out.resource;
  r["identifier"] = Json::array({identifier(systems::kVirkestoffId, v.id)});
  r["status"] = coded_concept(systems::kPublicationStatus, "active", "Active");
  Json names = Json::array(
      {{{"name", v.navn},
        {"preferred", true},
        {"language", Json::array({coded_concept(systems::kLanguage, "nb", "Norsk bokmål")})}}});
  if (v.navn_engelsk && !v.navn_engelsk->empty()) {
    names.push_back(
        {{"name", *v.navn_engelsk},
         {"language", Json::array({coded_concept(systems::kLanguage, "en", "English")})}});
  }
  r["name"] = std::move(names);
  Json relationships = Json::array();
  // RefVirkestoff points from the therapeutic moiety to its complete substances (salts).
  for (const auto& salt : v.ref_virkestoff) {
    if (!ctx.virkestoff(salt)) {
      ctx.warn("Virkestoff " + v.id + ": unknown RefVirkestoff " + salt);
      continue;
    }
    relationships.push_back(relationship(salt, ctx, "Salt", "Salt to parent"));
  }
  for (const auto& moiety : ctx.moieties_of(v.id)) {
    relationships.push_back(relationship(moiety, ctx, "ActiveMoiety", "Active moiety"));
  }
  if (!relationships.empty()) r["relationship"] = std::move(relationships);
  return out;
}

}  // namespace gateway::medication
