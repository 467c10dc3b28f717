// Every mapping row of LegemiddelMerkevare -> MedicinalProductDefinition.
#include "medication/idmp/systems.hpp"
#include "test_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

const std::string kKodimagnyl = "ID-000A27B8-3930-4264-80F9-CDB14C895662";
const std::string kZolpidem = "ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2";
const std::string kCorixil = "ID-3F7D2A94-6C1B-4E5A-8B0D-7A9C2E4F6B18";

Json kodimagnyl() { return served(ResourceType::medicinal_product_definition, kKodimagnyl); }
Json zolpidem() { return served(ResourceType::medicinal_product_definition, kZolpidem); }
Json corixil() { return served(ResourceType::medicinal_product_definition, kCorixil); }

TEST(MappingMedicinalProduct, IdIsDerivedFromTheFestIdAndStable) {
  Json mpd = kodimagnyl();
  ASSERT_FALSE(mpd.is_null());
  EXPECT_EQ(mpd["resourceType"], "MedicinalProductDefinition");
  EXPECT_EQ(mpd["id"], kKodimagnyl);
  // A second, independent import gives the same id and versionId.
  auto again = catalog_of(excerpt());
  EXPECT_EQ(served(*again, ResourceType::medicinal_product_definition, kKodimagnyl)["meta"],
            mpd["meta"]);
}

TEST(MappingMedicinalProduct, MetaHasLastUpdatedFromTidspunktVersionAndProfile) {
  Json meta = kodimagnyl()["meta"];
  EXPECT_EQ(meta["lastUpdated"], "2023-06-05T03:11:16+02:00");  // Oslo summer time
  EXPECT_EQ(meta["versionId"].get<std::string>().size(), 16u);
  EXPECT_EQ(
      meta["profile"],
      Json::parse(
          R"j(["https://fhir-gateway.example.no/fhir/StructureDefinition/fest-medicinal-product-definition"])j"));
  EXPECT_EQ(corixil()["meta"]["lastUpdated"], "2018-06-28T00:51:50+02:00");
}

TEST(MappingMedicinalProduct, IdentifierIsTheMerkevareId) {
  EXPECT_EQ(
      kodimagnyl()["identifier"],
      Json::parse(
          R"j([{"system":"http://legemiddelverket.no/FEST/LegemiddelMerkevareID","value":"ID_000A27B8-3930-4264-80F9-CDB14C895662"}])j"));
}

TEST(MappingMedicinalProduct, NameHasProductNameAndParts) {
  Json expected = Json::parse(R"j([{
    "productName":"Kodimagnyl Ikke-stoppende dak tab 9,6 mg/500 mg/150 mg",
    "namePart":[
      {"part":"Kodimagnyl Ikke-stoppende dak","type":{"coding":[{"system":"http://hl7.org/fhir/medicinal-product-name-part-type","code":"InventedNamePart","display":"Invented name part"}]}},
      {"part":"9.6 mg/500 mg/150 mg","type":{"coding":[{"system":"http://hl7.org/fhir/medicinal-product-name-part-type","code":"StrengthPart","display":"Strength part"}]}},
      {"part":"Tablett","type":{"coding":[{"system":"http://hl7.org/fhir/medicinal-product-name-part-type","code":"DoseFormPart","display":"Pharmaceutical dose form part"}]}}],
    "countryLanguage":[{"country":{"coding":[{"system":"urn:iso:std:iso:3166","code":"NO","display":"Norway"}]},
                        "language":{"coding":[{"system":"urn:ietf:bcp:47","code":"nb","display":"Norsk bokmål"}]}}]}])j");
  EXPECT_EQ(kodimagnyl()["name"], expected);
}

TEST(MappingMedicinalProduct, AtcIsAClassificationWithWhoccAndVolvenCodings) {
  EXPECT_EQ(kodimagnyl()["classification"], Json::parse(R"j([{"coding":[
    {"system":"http://www.whocc.no/atc","code":"N02AJ07","display":"Kodein og acetylsalisylsyre"},
    {"system":"urn:oid:2.16.578.1.12.4.1.1.7180","code":"N02AJ07","display":"Kodein og acetylsalisylsyre"}]}])j"));
}

TEST(MappingMedicinalProduct, ReseptgruppeIsTheLegalStatusOfSupply) {
  EXPECT_EQ(
      kodimagnyl()["legalStatusOfSupply"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7421","code":"B","display":"Reseptgruppe B"}]})j"));
  EXPECT_EQ(corixil()["legalStatusOfSupply"]["coding"][0]["code"], "C");
}

TEST(MappingMedicinalProduct, DoseFormKeepsShortCodeAndLongText) {
  EXPECT_EQ(
      kodimagnyl()["combinedPharmaceuticalDoseForm"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7448","code":"53","display":"Tablett"}],"text":"Tablett, filmdrasjert"})j"));
}

TEST(MappingMedicinalProduct, RouteFromAdministrasjonsvei) {
  EXPECT_EQ(
      kodimagnyl()["route"],
      Json::parse(
          R"j([{"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7477","code":"53","display":"Oral bruk"}]}])j"));
}

TEST(MappingMedicinalProduct, PreparattypeIsTheType) {
  EXPECT_EQ(
      kodimagnyl()["type"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7424","code":"11","display":"Krever godkj. Fritak"}]})j"));
}

TEST(MappingMedicinalProduct, StatusIsActive) {
  EXPECT_EQ(kodimagnyl()["status"]["coding"][0]["code"], "active");
}

TEST(MappingMedicinalProduct, SvartTrekantIsAdditionalMonitoring) {
  EXPECT_EQ(corixil()["additionalMonitoringIndicator"]["coding"][0]["code"],
            "BlackTriangleMonitoring");
  EXPECT_FALSE(kodimagnyl().contains("additionalMonitoringIndicator"));
}

TEST(MappingMedicinalProduct, ActiveSubstancesAreListedAsIngredientCodes) {
  EXPECT_EQ(kodimagnyl()["ingredient"], Json::parse(R"j([
    {"coding":[{"system":"http://legemiddelverket.no/FEST/VirkestoffID","code":"ID_C0DE1000-0000-4000-8000-00000000C0DE","display":"Kodein"}]},
    {"coding":[{"system":"http://legemiddelverket.no/FEST/VirkestoffID","code":"ID_A5A00000-0000-4000-8000-000000000A5A","display":"Acetylsalisylsyre"}]},
    {"coding":[{"system":"http://legemiddelverket.no/FEST/VirkestoffID","code":"ID_AA600000-0000-4000-8000-000000000AA6","display":"Magnesiumoksid"}]}])j"));
}

TEST(MappingMedicinalProduct, ReferanseproduktIsACrossReference) {
  EXPECT_EQ(zolpidem()["crossReference"],
            Json::parse(R"j([{"product":{"concept":{"text":"Stilnoct"}},
    "type":{"coding":[{"system":"https://fhir-gateway.example.no/fhir/CodeSystem/fest-idmp-concepts","code":"referanseprodukt","display":"Referanseprodukt"}]}}])j"));
}

TEST(MappingMedicinalProduct, CharacteristicsKeepNationalData) {
  Json c = zolpidem()["characteristic"];
  ASSERT_TRUE(c.is_array());
  auto find = [&](const std::string& code) {
    for (const auto& x : c)
      if (x["type"]["coding"][0]["code"] == code) return x;
    return Json();
  };
  EXPECT_EQ(
      find("reseptgyldighet")["valueQuantity"],
      Json::parse(R"j({"value":1,"unit":"a","system":"http://unitsofmeasure.org","code":"a"})j"));
  EXPECT_EQ(find("varseltrekant")["valueBoolean"], true);
  EXPECT_EQ(
      find("byttegruppe")["valueCodeableConcept"],
      Json::parse(
          R"j({"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7450","code":"000513","display":"ZOLPIDEM TABLETTER 10MG"}]})j"));
  EXPECT_EQ(find("type-soknad-slv")["valueCodeableConcept"]["coding"][0]["code"], "1");
  Json kodimagnyl_c = kodimagnyl()["characteristic"];
  bool opioid = false;
  for (const auto& x : kodimagnyl_c) {
    if (x["type"]["coding"][0]["code"] == "opioidsoknad") opioid = x["valueBoolean"].get<bool>();
  }
  EXPECT_TRUE(opioid);
  // Reseptgyldighet with Kjonn keeps the sex as a second coding of the type.
  Json corixil_validity = corixil()["characteristic"][0];
  EXPECT_EQ(
      corixil_validity["type"]["coding"][1],
      Json::parse(
          R"j({"system":"urn:oid:2.16.578.1.12.4.1.1.3101","code":"2","display":"Kvinne"})j"));
}

TEST(MappingMedicinalProduct, PreparatomtaleIsAnAttachedContainedDocument) {
  Json mpd = zolpidem();
  EXPECT_EQ(mpd["attachedDocument"], Json::parse(R"j([{"reference":"#doc1"}])j"));
  EXPECT_EQ(mpd["contained"][0]["resourceType"], "DocumentReference");
  EXPECT_EQ(
      mpd["contained"][0]["content"][0]["attachment"],
      Json::parse(
          R"j({"url":"https://produktinformasjon.legemiddelsok.no/preparatomtaler/22-15001.pdf","title":"Preparatomtale"})j"));
  EXPECT_EQ(mpd["contained"][0]["type"]["coding"][0]["code"], "SPCHUMAN_04_01");
}

}  // namespace
}  // namespace gateway::medication
