// LegemiddelMerkevare/ProduktInfo/Produsent -> RegulatedAuthorization (marketing authorisation).
#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"
#include "medication/index/fhir_id.hpp"

namespace gateway::medication {

// FEST has no MT-nummer, so the authorisation carries no identifier; the holder is the
// Produsent (the MT-innehaver when there is a marketing authorisation) as a contained
// Organization.
std::vector<MappedResource> map_regulated_authorization(const LegemiddelMerkevare& m,
                                                        const MappingContext& ctx) {
  if (!m.produkt_info || !m.produkt_info->produsent || m.produkt_info->produsent->empty())
    return {};
  const std::string& produsent = *m.produkt_info->produsent;
  MappedResource out = start_resource(ResourceType::regulated_authorization, fhir_id("ra-", m.id),
                                      ctx.timestamp(m.oppforing));
  Json& r = out.resource;
  r["contained"] =
      Json::array({{{"resourceType", "Organization"}, {"id", "holder"}, {"name", produsent}}});
  Json subject = reference(ResourceType::medicinal_product_definition, medicinal_product_id(m.id));
  subject["display"] = m.navn_form_styrke;
  r["subject"] = Json::array({subject});
  r["type"] = coded_concept("http://hl7.org/fhir/regulated-authorization-type", "MarketingAuth",
                            "Marketing Authorization");
  r["region"] = Json::array({norway_concept()});
  r["status"] = coded_concept(systems::kPublicationStatus, "active", "Active");
  r["holder"] = {{"reference", "#holder"}, {"display", produsent}};
  r["regulator"] = {{"display", "Direktoratet for medisinske produkter (DMP)"}};
  return {std::move(out)};
}

}  // namespace gateway::medication
