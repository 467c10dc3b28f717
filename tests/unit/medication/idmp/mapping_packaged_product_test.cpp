// Every mapping row of Legemiddelpakning -> PackagedProductDefinition (the worked example).
#include "test_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

Json zolpidem_pack() {
  return served(ResourceType::packaged_product_definition,
                "ID-0008426A-FCA1-4CA1-9202-7D7D5B2922C2");
}
Json corixil_pack() {
  return served(ResourceType::packaged_product_definition,
                "ID-00FB8D56-111B-4A82-8B68-9AD4B5422B0A");
}

TEST(MappingPackagedProduct, IdentifiersArePakningIdAndVarenummerAsString) {
  EXPECT_EQ(zolpidem_pack()["identifier"], Json::parse(R"j([
    {"system":"http://legemiddelverket.no/FEST/LegemiddelPakningID","value":"ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2"},
    {"system":"https://farmalogg.no/varenummer","value":"526181"}])j"));
}

TEST(MappingPackagedProduct, VarenrUtgaendeIsAnOldIdentifierWithLeadingZeros) {
  EXPECT_EQ(corixil_pack()["identifier"][2],
            Json::parse(
                R"j({"system":"https://farmalogg.no/varenummer","value":"008708","use":"old"})j"));
}

TEST(MappingPackagedProduct, NamePackageForAndStatus) {
  Json ppd = zolpidem_pack();
  EXPECT_EQ(ppd["name"], "Zolpidem Dune tab 10 mg");
  EXPECT_EQ(
      ppd["packageFor"],
      Json::parse(
          R"j([{"reference":"MedicinalProductDefinition/ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2"}])j"));
  EXPECT_EQ(ppd["status"]["coding"][0]["code"], "active");
}

TEST(MappingPackagedProduct, ContainedItemQuantityIsTheTotal) {
  EXPECT_EQ(
      zolpidem_pack()["containedItemQuantity"],
      Json::parse(
          R"j([{"value":7.0,"unit":"stykk","system":"urn:oid:2.16.578.1.12.4.1.1.7452","code":"stk"}])j"));
  EXPECT_EQ(corixil_pack()["containedItemQuantity"][0]["value"], 98.0);  // Multippel 2 x Mengde 49
}

TEST(MappingPackagedProduct, LegalStatusMarketingAndByttegruppe) {
  Json ppd = zolpidem_pack();
  EXPECT_EQ(
      ppd["legalStatusOfSupply"],
      Json::parse(
          R"j([{"code":{"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7421","code":"B","display":"Reseptgruppe B"}]},
    "jurisdiction":{"coding":[{"system":"urn:iso:std:iso:3166","code":"NO","display":"Norway"}]}}])j"));
  EXPECT_EQ(ppd["marketingStatus"][0]["status"]["coding"][0]["code"], "marketed");
  EXPECT_EQ(ppd["marketingStatus"][0]["dateRange"], Json::parse(R"j({"start":"2023-01-01"})j"));
  EXPECT_EQ(ppd["characteristic"][0]["coding"][0]["code"], "000513");
  EXPECT_EQ(corixil_pack()["marketingStatus"][0]["status"]["coding"][0]["code"],
            "temporarily-unavailable");
}

TEST(MappingPackagedProduct, PackageLevelMatchesTheWorkedExample) {
  EXPECT_EQ(zolpidem_pack()["package"], Json::parse(R"j({
    "identifier":[{"system":"https://www.gs1.org/gtin","value":"5745000695003"},
                  {"system":"http://dmp.no/fhir/NamingSystem/festLegemiddelDose","value":"ID_6D5C4B3A-2F1E-4D0C-9B8A-7F6E5D4C3B2A"}],
    "type":{"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7449","code":"169","display":"Blisterpakning"}]},
    "quantity":1,
    "shelfLifeStorage":[{"specialPrecautionsForStorage":[{"coding":[{"system":"urn:oid:2.16.578.1.12.4.1.1.7487","code":"R","display":"Rom (15-25 grader)"}]}]}],
    "containedItem":[{"item":{"reference":{"reference":"ManufacturedItemDefinition/mid-ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2"}},
                      "amount":{"value":7.0,"unit":"stykk","system":"urn:oid:2.16.578.1.12.4.1.1.7452","code":"stk"}}]})j"));
}

TEST(MappingPackagedProduct, MultippelIsTheOuterQuantityAndComponentsAreNested) {
  Json pkg = corixil_pack()["package"];
  EXPECT_EQ(pkg["quantity"], 2);
  EXPECT_EQ(pkg["containedItem"][0]["amount"]["value"], 49.0);
  EXPECT_EQ(pkg["package"][0]["quantity"], 2);
  EXPECT_EQ(pkg["package"][0]["property"][0]["valueQuantity"]["value"], 49.0);
}

TEST(MappingPackagedProduct, AntallIsAnInnerLevel) {
  FestCatalog fest = excerpt();
  auto& info =
      fest.legemiddelpakning.at("ID_00FB8D56-111B-4A82-8B68-9AD4B5422B0A").pakningsinfo.front();
  info.multippel = 3;
  info.antall = 10;
  info.mengde = Decimal{1000, "1000"};
  info.pakningskomponent.clear();
  Json ppd = mapped(fest, ResourceType::packaged_product_definition,
                    "ID-00FB8D56-111B-4A82-8B68-9AD4B5422B0A");
  EXPECT_EQ(ppd["package"]["quantity"], 3);
  EXPECT_EQ(ppd["package"]["package"][0]["quantity"], 10);
  EXPECT_EQ(ppd["package"]["package"][0]["containedItem"][0]["amount"]["value"], 1000.0);
  EXPECT_EQ(ppd["containedItemQuantity"][0]["value"], 30000.0);
}

TEST(MappingPackagedProduct, MultiStrengthPacksHaveOneLevelPerPakningsinfo) {
  FestCatalog fest = excerpt();
  auto& pakning = fest.legemiddelpakning.at("ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2");
  Pakningsinfo second = pakning.pakningsinfo.front();
  second.ref_legemiddel_merkevare = "ID_000A27B8-3930-4264-80F9-CDB14C895662";
  second.sortering = 1;
  pakning.pakningsinfo.push_back(second);
  Json ppd = mapped(fest, ResourceType::packaged_product_definition,
                    "ID-0008426A-FCA1-4CA1-9202-7D7D5B2922C2");
  EXPECT_EQ(ppd["packageFor"].size(), 2u);
  EXPECT_EQ(ppd["package"]["package"].size(), 2u);
  EXPECT_EQ(ppd["containedItemQuantity"].size(), 2u);
}

}  // namespace
}  // namespace gateway::medication
