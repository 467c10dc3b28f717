// Every mapping row of VirkestoffMedStyrke/Hjelpestoff -> Ingredient, strength operators included.
#include "medication/index/fhir_id.hpp"
#include "test_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

std::string ingredient_id(const std::string& prefix, const std::string& merkevare,
                          const std::string& key) {
  return fhir_id(prefix, merkevare) + "-" + hex64(stable_hash(key)).substr(0, 8);
}

// The excerpt plus one liquid merkevare whose strengths use every Styrkeoperator.
FestCatalog with_operators() {
  FestCatalog fest = excerpt();
  auto add_strength = [&](std::string id, std::string op, double value,
                          std::optional<double> upper) {
    VirkestoffMedStyrke v;
    v.oppforing = {"OPPF_" + id, "2024-01-10T10:00:00", {"A", "", "Aktiv oppføring", ""}};
    v.id = id;
    v.styrke = {value, "mg", ""};
    v.styrke_nevner = PhysicalQuantity{5, "ml", "5"};
    v.ref_virkestoff = "ID_A5A00000-0000-4000-8000-000000000A5A";
    v.styrkeoperator = {op, "2.16.578.1.12.4.1.1.7445", op, ""};
    if (upper) v.styrke_ovre_verdi = Decimal{*upper, "55"};
    fest.virkestoff_med_styrke[id] = v;
  };
  add_strength("VMS_LESS", "M", 10, std::nullopt);
  add_strength("VMS_MORE", "S", 20, std::nullopt);
  LegemiddelMerkevare m = fest.legemiddel_merkevare.at("ID_000A27B8-3930-4264-80F9-CDB14C895662");
  m.id = "ID_LIQUID";
  m.oppforing.tidspunkt = "2024-01-10T10:00:00";
  m.sortert_virkestoff_med_styrke = {
      {0, "ID_3D9E1F2A-4B5C-4D6E-8F70-91A2B3C4D5E6"}, {1, "VMS_LESS"}, {2, "VMS_MORE"}};
  m.hjelpestoff = {{"Sorbitol"}};
  fest.legemiddel_merkevare[m.id] = m;
  return fest;
}

Json kodimagnyl_ingredient(const std::string& vms) {
  return served(ResourceType::ingredient,
                ingredient_id("ing-", "ID_000A27B8-3930-4264-80F9-CDB14C895662", vms));
}

TEST(MappingIngredient, OneActiveIngredientPerSubstanceWithPresentationStrength) {
  Json ing = kodimagnyl_ingredient("ID_32FD98A6-2F11-43E5-B328-18567E32C5C4");
  ASSERT_FALSE(ing.is_null());
  EXPECT_EQ(
      ing["identifier"],
      Json::parse(
          R"j({"system":"http://legemiddelverket.no/FEST/VirkestoffMedStyrkeID","value":"ID_32FD98A6-2F11-43E5-B328-18567E32C5C4"})j"));
  EXPECT_EQ(ing["status"], "active");
  EXPECT_EQ(
      ing["role"],
      Json::parse(
          R"j({"coding":[{"system":"http://hl7.org/fhir/ingredient-role","code":"100000072072","display":"Active"}]})j"));
  EXPECT_EQ(ing["substance"], Json::parse(R"j({
    "code":{"concept":{"coding":[{"system":"http://legemiddelverket.no/FEST/VirkestoffID","code":"ID_A5A00000-0000-4000-8000-000000000A5A","display":"Acetylsalisylsyre"}]},
            "reference":{"reference":"SubstanceDefinition/ID-A5A00000-0000-4000-8000-000000000A5A","display":"Acetylsalisylsyre"}},
    "strength":[{"presentationRatio":{
        "numerator":{"value":500.0,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},
        "denominator":{"value":1,"unit":"tablett","system":"urn:oid:2.16.578.1.12.4.1.1.7480","code":"13"}},
      "textPresentation":"500 mg/tablett"}]})j"));
  // meta.lastUpdated is the latest of merkevare, strength and substance.
  EXPECT_EQ(ing["meta"]["lastUpdated"], "2023-06-05T03:11:16+02:00");
}

TEST(MappingIngredient, IngredientIsForTheProductItsItemAndTheAdministrableProduct) {
  Json kodein = kodimagnyl_ingredient("ID_A0DBC88E-864A-4231-BA8F-DFCA3D00F599");
  EXPECT_EQ(
      kodein["for"],
      Json::parse(
          R"j([{"reference":"MedicinalProductDefinition/ID-000A27B8-3930-4264-80F9-CDB14C895662"},
                                            {"reference":"ManufacturedItemDefinition/mid-ID-000A27B8-3930-4264-80F9-CDB14C895662"}])j"));
  Json zolpidem = served(ResourceType::ingredient,
                         ingredient_id("ing-", "ID_D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2",
                                       "ID_5B0F8E3C-7A2D-4C19-B6E4-1D9A3F7C2E05"));
  EXPECT_EQ(
      zolpidem["for"][2],
      Json::parse(
          R"j({"reference":"AdministrableProductDefinition/ID-1E9C7A5B-3D2F-4B1A-9E8C-7D6B5A4F3E21"})j"));
}

TEST(MappingIngredient, AtcKombipreparatIsASecondSubstanceCoding) {
  Json kodein = kodimagnyl_ingredient("ID_A0DBC88E-864A-4231-BA8F-DFCA3D00F599");
  EXPECT_EQ(
      kodein["substance"]["code"]["concept"]["coding"][1],
      Json::parse(R"j({"system":"http://www.whocc.no/atc","code":"R05DA04","display":"Kodein"})j"));
  EXPECT_EQ(kodein["substance"]["strength"][0]["presentationRatio"]["numerator"]["value"], 9.6);
}

TEST(MappingIngredient, EveryKodimagnylStrengthIsKept) {
  auto catalog = excerpt_catalog();
  int actives = 0;
  for (const auto& stored : catalog->table(ResourceType::ingredient).resources) {
    Json ing = Json::parse(*stored.resource.json);
    if (ing["for"][0]["reference"] ==
        "MedicinalProductDefinition/ID-000A27B8-3930-4264-80F9-CDB14C895662") {
      ++actives;
      EXPECT_TRUE(ing["substance"]["strength"].is_array()) << ing.dump();
    }
  }
  EXPECT_EQ(actives, 3);
}

TEST(MappingIngredient, IntervalWithDenominatorIsAConcentrationRatioRange) {
  FestCatalog fest = with_operators();
  Json ing = mapped(fest, ResourceType::ingredient,
                    ingredient_id("ing-", "ID_LIQUID", "ID_3D9E1F2A-4B5C-4D6E-8F70-91A2B3C4D5E6"));
  ASSERT_FALSE(ing.is_null());
  EXPECT_EQ(ing["substance"]["strength"][0], Json::parse(R"j({"concentrationRatioRange":{
      "lowNumerator":{"value":50.0,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},
      "highNumerator":{"value":55.0,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},
      "denominator":{"value":5.0,"unit":"ml","system":"http://unitsofmeasure.org","code":"mL"}},
    "textConcentration":"50-55 mg/5 ml"})j"));
}

TEST(MappingIngredient, AlternativStyrkeIsASecondStrength) {
  FestCatalog fest = with_operators();
  Json ing = mapped(fest, ResourceType::ingredient,
                    ingredient_id("ing-", "ID_LIQUID", "ID_3D9E1F2A-4B5C-4D6E-8F70-91A2B3C4D5E6"));
  EXPECT_EQ(ing["substance"]["strength"][1], Json::parse(R"j({"concentrationRatio":{
      "numerator":{"value":1.0,"unit":"%","system":"http://unitsofmeasure.org","code":"%"},
      "denominator":{"value":100.0,"unit":"ml","system":"http://unitsofmeasure.org","code":"mL"}},
    "textConcentration":"1 %/100 ml"})j"));
}

TEST(MappingIngredient, LessAndGreaterOperatorsBecomeComparators) {
  FestCatalog fest = with_operators();
  Json less =
      mapped(fest, ResourceType::ingredient, ingredient_id("ing-", "ID_LIQUID", "VMS_LESS"));
  Json more =
      mapped(fest, ResourceType::ingredient, ingredient_id("ing-", "ID_LIQUID", "VMS_MORE"));
  EXPECT_EQ(less["substance"]["strength"][0]["concentrationRatio"]["numerator"]["comparator"], "<");
  EXPECT_EQ(less["substance"]["strength"][0]["textConcentration"], "< 10 mg/5 ml");
  EXPECT_EQ(more["substance"]["strength"][0]["concentrationRatio"]["numerator"]["comparator"], ">");
  EXPECT_EQ(more["meta"]["lastUpdated"], "2024-01-10T10:00:00+01:00");  // winter time
}

TEST(MappingIngredient, HjelpestoffIsAnExcipient) {
  Json exc =
      served(ResourceType::ingredient,
             ingredient_id("exc-", "ID_D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2", "Laktosemonohydrat"));
  ASSERT_FALSE(exc.is_null());
  EXPECT_EQ(exc["role"]["coding"][0]["code"], "100000072082");
  EXPECT_EQ(exc["substance"],
            Json::parse(R"j({"code":{"concept":{"text":"Laktosemonohydrat"}}})j"));
}

TEST(MappingIngredient, UnknownStrengthReferenceIsReportedNotInvented) {
  FestCatalog fest = excerpt();
  fest.legemiddel_merkevare.begin()->second.sortert_virkestoff_med_styrke.push_back(
      {9, "ID_MISSING"});
  MappingResult result = map_fest_catalog(fest);
  bool warned = false;
  for (const auto& w : result.warnings) warned |= w.find("ID_MISSING") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(MappingIngredient, UnknownOperatorIsReported) {
  FestCatalog fest = with_operators();
  fest.virkestoff_med_styrke.at("VMS_LESS").styrkeoperator.code = "X";
  MappingResult result = map_fest_catalog(fest);
  bool warned = false;
  for (const auto& w : result.warnings)
    warned |= w.find("unknown Styrkeoperator") != std::string::npos;
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace gateway::medication
