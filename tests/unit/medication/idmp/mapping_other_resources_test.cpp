// Mapping rows of SubstanceDefinition, ManufacturedItemDefinition, AdministrableProductDefinition,
// RegulatedAuthorization and ClinicalUseDefinition.
#include "test_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

TEST(MappingSubstance, NamesInBothLanguagesAndTheSaltRelationship) {
  Json kodein =
      served(ResourceType::substance_definition, "ID-C0DE1000-0000-4000-8000-00000000C0DE");
  EXPECT_EQ(
      kodein["identifier"],
      Json::parse(
          R"j([{"system":"http://legemiddelverket.no/FEST/VirkestoffID","value":"ID_C0DE1000-0000-4000-8000-00000000C0DE"}])j"));
  EXPECT_EQ(kodein["name"], Json::parse(R"j([
    {"name":"Kodein","preferred":true,"language":[{"coding":[{"system":"urn:ietf:bcp:47","code":"nb","display":"Norsk bokmål"}]}]},
    {"name":"Codeine","language":[{"coding":[{"system":"urn:ietf:bcp:47","code":"en","display":"English"}]}]}])j"));
  EXPECT_EQ(
      kodein["relationship"],
      Json::parse(
          R"j([{"substanceDefinitionReference":{"reference":"SubstanceDefinition/ID-C0DEF000-0000-4000-8000-00000000C0DF","display":"Kodeinfosfathemihydrat"},
    "type":{"coding":[{"system":"http://hl7.org/fhir/substance-relationship-type","code":"Salt","display":"Salt to parent"}]}}])j"));
  Json salt = served(ResourceType::substance_definition, "ID-C0DEF000-0000-4000-8000-00000000C0DF");
  EXPECT_EQ(salt["relationship"][0]["type"]["coding"][0]["code"], "ActiveMoiety");
  EXPECT_EQ(salt["relationship"][0]["substanceDefinitionReference"]["reference"],
            "SubstanceDefinition/ID-C0DE1000-0000-4000-8000-00000000C0DE");
}

TEST(MappingManufacturedItem, DerivedPerMerkevareWithFormUnitAndProperties) {
  Json mid = served(ResourceType::manufactured_item_definition,
                    "mid-ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2");
  EXPECT_EQ(mid["status"], "active");
  EXPECT_EQ(
      mid["manufacturedDoseForm"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7448","code":"53","display":"Tablett"}],"text":"Tablett, filmdrasjert"})j"));
  EXPECT_EQ(
      mid["unitOfPresentation"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7480","code":"13","display":"tablett"}]})j"));
  EXPECT_EQ(
      mid["property"][0]["valueCodeableConcept"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7472","code":"2","display":"Kan deles i to like doser"}]})j"));
  EXPECT_EQ(mid["property"][1]["type"]["coding"][0]["code"], "kan-knuses");
  EXPECT_EQ(mid["property"][1]["valueCodeableConcept"]["coding"][0]["system"],
            "urn:oid:2.16.578.1.12.4.1.1.1103");
}

TEST(MappingAdministrableProduct, LegemiddelVirkestoffIsTheAdministrableForm) {
  Json apd = served(ResourceType::administrable_product_definition,
                    "ID-1E9C7A5B-3D2F-4B1A-9E8C-7D6B5A4F3E21");
  EXPECT_EQ(
      apd["identifier"],
      Json::parse(
          R"j([{"system":"http://dmp.no/fhir/NamingSystem/festLegemiddelVirkestoff","value":"ID_1E9C7A5B-3D2F-4B1A-9E8C-7D6B5A4F3E21"}])j"));
  EXPECT_EQ(
      apd["formOf"],
      Json::parse(
          R"j([{"reference":"MedicinalProductDefinition/ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2"}])j"));
  EXPECT_EQ(
      apd["producedFrom"],
      Json::parse(
          R"j([{"reference":"ManufacturedItemDefinition/mid-ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2"}])j"));
  EXPECT_EQ(apd["administrableDoseForm"]["coding"][0]["code"], "53");
  EXPECT_EQ(apd["ingredient"][0]["coding"][0]["code"], "ID_2017DE00-0000-4000-8000-0000000020D0");
  EXPECT_EQ(
      apd["property"][1]["valueCodeableConcept"]["coding"][0],
      Json::parse(
          R"j({"system":"urn:oid:2.16.578.1.12.4.1.1.7421","code":"B","display":"Reseptgruppe B"})j"));
  // No Administrasjonsvei on this LegemiddelVirkestoff: the required route says so in text.
  EXPECT_EQ(apd["routeOfAdministration"],
            Json::parse(R"j([{"code":{"text":"Administrasjonsvei ikke oppgitt"}}])j"));
}

TEST(MappingRegulatedAuthorization, ProdusentIsTheHolder) {
  Json ra =
      served(ResourceType::regulated_authorization, "ra-ID-000A27B8-3930-4264-80F9-CDB14C895662");
  EXPECT_EQ(
      ra["contained"],
      Json::parse(
          R"j([{"resourceType":"Organization","id":"holder","name":"Orifarm Healthcare"}])j"));
  EXPECT_EQ(ra["holder"],
            Json::parse(R"j({"reference":"#holder","display":"Orifarm Healthcare"})j"));
  EXPECT_EQ(ra["subject"][0]["reference"],
            "MedicinalProductDefinition/ID-000A27B8-3930-4264-80F9-CDB14C895662");
  EXPECT_EQ(ra["type"]["coding"][0]["code"], "MarketingAuth");
  EXPECT_EQ(ra["region"][0]["coding"][0]["code"], "NO");
  EXPECT_FALSE(ra.contains("identifier"));  // FEST has no MT-nummer
}

TEST(MappingClinicalUse, InteraksjonIsAnInteractionWithBothSides) {
  Json cud =
      served(ResourceType::clinical_use_definition, "ID-4A3B2C1D-0E9F-4A8B-8C7D-6E5F4A3B2C1D");
  EXPECT_EQ(cud["type"], "interaction");
  EXPECT_EQ(
      cud["category"][0],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7483","code":"1","display":"Bør unngås"}]})j"));
  EXPECT_EQ(cud["category"][1]["coding"][0]["code"], "4");
  Json interaction = cud["interaction"];
  ASSERT_EQ(interaction["interactant"].size(), 2u);
  EXPECT_EQ(interaction["interactant"][0]["itemCodeableConcept"]["coding"][0],
            Json::parse(
                R"j({"system":"http://www.whocc.no/atc","code":"N05CF02","display":"Zolpidem"})j"));
  EXPECT_EQ(interaction["interactant"][0]["extension"][0]["valueString"], "1 Zolpidem");
  EXPECT_EQ(interaction["interactant"][1]["extension"][0]["valueString"], "2 Opioider");
  EXPECT_EQ(interaction["interactant"][1]["itemCodeableConcept"]["text"], "Kodein");
  EXPECT_EQ(interaction["type"]["text"], "Additiv CNS-dempende effekt.");
  EXPECT_EQ(
      interaction["effect"],
      Json::parse(
          R"j({"concept":{"text":"Økt sentralnervøs depresjon med risiko for respirasjonsdepresjon."}})j"));
  EXPECT_EQ(interaction["management"][0]["text"],
            "Kombinasjonen bør unngås. Bruk laveste effektive dose og kortest mulig.");
}

TEST(MappingCatalog, SizesPerType) {
  auto catalog = excerpt_catalog();
  EXPECT_EQ(catalog->size(ResourceType::medicinal_product_definition), 3u);
  EXPECT_EQ(catalog->size(ResourceType::packaged_product_definition), 2u);
  EXPECT_EQ(catalog->size(ResourceType::manufactured_item_definition), 3u);
  EXPECT_EQ(catalog->size(ResourceType::ingredient), 7u);  // 3 + 1 + 2 active, 1 excipient
  EXPECT_EQ(catalog->size(ResourceType::substance_definition), 8u);
  EXPECT_EQ(catalog->size(ResourceType::administrable_product_definition), 1u);
  EXPECT_EQ(catalog->size(ResourceType::regulated_authorization), 3u);
  EXPECT_EQ(catalog->size(ResourceType::clinical_use_definition), 1u);
}

}  // namespace
}  // namespace gateway::medication
