// Each search parameter and modifier against the excerpt catalog.
#include "search_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr auto kMpd = ResourceType::medicinal_product_definition;
constexpr auto kPpd = ResourceType::packaged_product_definition;
const std::string kKodimagnyl = "ID-000A27B8-3930-4264-80F9-CDB14C895662";
const std::string kZolpidem = "ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2";
const std::string kCorixil = "ID-3F7D2A94-6C1B-4E5A-8B0D-7A9C2E4F6B18";
const std::string kZolpidemPack = "ID-0008426A-FCA1-4CA1-9202-7D7D5B2922C2";
const std::string kCorixilPack = "ID-00FB8D56-111B-4A82-8B68-9AD4B5422B0A";

TEST(SearchName, DefaultIsCaseAndAccentInsensitivePrefix) {
  EXPECT_THAT(search(kMpd, "name=kodim").match_ids(), ElementsAre(kKodimagnyl));
  EXPECT_THAT(search(kMpd, "name=KODÌM").match_ids(), ElementsAre(kKodimagnyl));
  EXPECT_THAT(search(kMpd, "name=magnyl").match_ids(), ElementsAre());
  EXPECT_THAT(search(kPpd, "name=zolpidem").match_ids(), ElementsAre(kZolpidemPack));
}

TEST(SearchName, ExactAndContains) {
  EXPECT_THAT(search(kMpd, "name:exact=Zolpidem%20Dune%20tab%2010%20mg").match_ids(),
              ElementsAre(kZolpidem));
  EXPECT_THAT(search(kMpd, "name:exact=zolpidem%20dune%20tab%2010%20mg").match_ids(),
              ElementsAre());
  EXPECT_THAT(search(kMpd, "name:contains=STOPPENDE").match_ids(), ElementsAre(kKodimagnyl));
}

TEST(SearchName, CommaIsOr) {
  EXPECT_THAT(search(kMpd, "name=kodim,corix&_sort=name").match_ids(),
              ElementsAre(kCorixil, kKodimagnyl));
}

TEST(SearchIdentifier, SystemAndValueOrBareValue) {
  EXPECT_THAT(search(kPpd, "identifier=https://farmalogg.no/varenummer|526181").match_ids(),
              ElementsAre(kZolpidemPack));
  EXPECT_THAT(search(kPpd, "identifier=526181").match_ids(), ElementsAre(kZolpidemPack));
  EXPECT_THAT(search(kPpd, "identifier=008708").match_ids(),
              ElementsAre(kCorixilPack));  // leading zeros
  EXPECT_THAT(search(kPpd, "identifier=https://www.gs1.org/gtin|7046261087083").match_ids(),
              ElementsAre(kCorixilPack));
  EXPECT_THAT(search(kPpd, "identifier=ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2").match_ids(),
              ElementsAre(kZolpidemPack));
  EXPECT_THAT(search(kPpd, "identifier=https://www.gs1.org/gtin|526181").match_ids(),
              ElementsAre());
  EXPECT_THAT(search(kMpd,
                     "identifier=http://legemiddelverket.no/FEST/"
                     "LegemiddelMerkevareID|ID_000A27B8-3930-4264-80F9-CDB14C895662")
                  .match_ids(),
              ElementsAre(kKodimagnyl));
  EXPECT_THAT(search(kPpd, "identifier=https://farmalogg.no/varenummer|").match_ids(),
              UnorderedElementsAre(kZolpidemPack, kCorixilPack));
}

TEST(SearchClassification, AtcExactAndBelow) {
  EXPECT_THAT(search(kMpd, "product-classification=N05CF02").match_ids(), ElementsAre(kZolpidem));
  EXPECT_THAT(search(kMpd, "product-classification=http://www.whocc.no/atc|N05CF02").match_ids(),
              ElementsAre(kZolpidem));
  EXPECT_THAT(search(kMpd, "product-classification=N05C").match_ids(), ElementsAre());
  EXPECT_THAT(search(kMpd, "product-classification:below=N05C").match_ids(),
              ElementsAre(kZolpidem));
  EXPECT_THAT(search(kMpd, "product-classification:below=N").match_ids(),
              ElementsAre(kKodimagnyl, kZolpidem));
}

TEST(SearchIngredient, BySubstanceOnProductsAndIngredients) {
  EXPECT_THAT(search(kMpd, "ingredient=ID_2017DE00-0000-4000-8000-0000000020D0").match_ids(),
              ElementsAre(kZolpidem));
  auto ingredients =
      search(ResourceType::ingredient,
             "substance=SubstanceDefinition/ID-A5A00000-0000-4000-8000-000000000A5A");
  EXPECT_EQ(ingredients.match_ids().size(), 1u);
  auto by_code = search(ResourceType::ingredient,
                        "substance-code=http://legemiddelverket.no/FEST/"
                        "VirkestoffID|ID_A5A00000-0000-4000-8000-000000000A5A");
  EXPECT_EQ(by_code.match_ids(), ingredients.match_ids());
  EXPECT_EQ(search(ResourceType::ingredient, "for=MedicinalProductDefinition/" + kKodimagnyl)
                .match_ids()
                .size(),
            3u);
  EXPECT_EQ(search(ResourceType::ingredient, "role=100000072082").match_ids().size(), 1u);
}

TEST(SearchDoseFormLegalStatusRouteStatus, Tokens) {
  EXPECT_EQ(search(kMpd, "dose-form=urn:oid:2.16.578.1.12.4.1.1.7448|53").match_ids().size(), 3u);
  EXPECT_THAT(search(kMpd, "legal-status-of-supply=C").match_ids(), ElementsAre(kCorixil));
  EXPECT_THAT(search(kPpd, "legal-status-of-supply=urn:oid:2.16.578.1.12.4.1.1.7421|B").match_ids(),
              ElementsAre(kZolpidemPack));
  EXPECT_EQ(search(kMpd, "route=53").match_ids().size(), 3u);
  EXPECT_EQ(search(kMpd, "status=active").match_ids().size(), 3u);
  EXPECT_EQ(search(kMpd, "status=retired").match_ids().size(), 0u);
  EXPECT_EQ(search(ResourceType::manufactured_item_definition, "dose-form=53").match_ids().size(),
            3u);
  EXPECT_EQ(search(ResourceType::administrable_product_definition, "dose-form=53&route=x")
                .match_ids()
                .size(),
            0u);
}

TEST(SearchReferences, PackageForFormOfSubjectManufacturedItem) {
  EXPECT_THAT(search(kPpd, "package-for=MedicinalProductDefinition/" + kZolpidem).match_ids(),
              ElementsAre(kZolpidemPack));
  EXPECT_THAT(search(kPpd, "package-for=" + kZolpidem).match_ids(), ElementsAre(kZolpidemPack));
  EXPECT_THAT(search(kPpd, "package-for:MedicinalProductDefinition=" + kCorixil).match_ids(),
              ElementsAre(kCorixilPack));
  EXPECT_THAT(
      search(kPpd, std::string("package-for=") + kBase + "/MedicinalProductDefinition/" + kCorixil)
          .match_ids(),
      ElementsAre(kCorixilPack));
  EXPECT_THAT(search(kPpd, "manufactured-item=mid-" + kZolpidem).match_ids(),
              ElementsAre(kZolpidemPack));
  EXPECT_EQ(search(ResourceType::administrable_product_definition, "form-of=" + kZolpidem)
                .match_ids()
                .size(),
            1u);
  EXPECT_EQ(search(ResourceType::regulated_authorization, "subject=" + kCorixil).match_ids().size(),
            1u);
}

TEST(SearchSubstance, ByNameInEitherLanguageAndIdentifier) {
  EXPECT_THAT(search(ResourceType::substance_definition, "name=codeine%20ph").match_ids(),
              ElementsAre("ID-C0DEF000-0000-4000-8000-00000000C0DF"));
  EXPECT_THAT(search(ResourceType::substance_definition, "name=kodein&_sort=name").match_ids(),
              ElementsAre("ID-C0DE1000-0000-4000-8000-00000000C0DE",
                          "ID-C0DEF000-0000-4000-8000-00000000C0DF"));
  EXPECT_THAT(search(ResourceType::substance_definition,
                     "identifier=ID_7A15A270-0000-4000-8000-0000000007A1")
                  .match_ids(),
              ElementsAre("ID-7A15A270-0000-4000-8000-0000000007A1"));
}

TEST(SearchClinicalUse, InteractantAtcBelowAndType) {
  EXPECT_EQ(
      search(ResourceType::clinical_use_definition, "interactant:below=R05DA").match_ids().size(),
      1u);
  EXPECT_EQ(search(ResourceType::clinical_use_definition, "interactant=N05CF02&type=interaction")
                .match_ids()
                .size(),
            1u);
  EXPECT_EQ(search(ResourceType::clinical_use_definition, "interactant=C09DA03").match_ids().size(),
            0u);
}

TEST(SearchIdAndLastUpdated, DatePrefixes) {
  EXPECT_THAT(search(kMpd, "_id=" + kCorixil).match_ids(), ElementsAre(kCorixil));
  EXPECT_THAT(search(kMpd, "_lastUpdated=2023-06-05").match_ids(), ElementsAre(kKodimagnyl));
  EXPECT_THAT(search(kMpd, "_lastUpdated=gt2023-01-01").match_ids(), ElementsAre(kKodimagnyl));
  EXPECT_THAT(search(kMpd, "_lastUpdated=lt2019").match_ids(), ElementsAre(kCorixil));
  EXPECT_THAT(
      search(kMpd, "_lastUpdated=ge2022-12-20T02:10:47Z&_lastUpdated=le2022-12-20").match_ids(),
      ElementsAre(kZolpidem));
  EXPECT_EQ(search(kMpd, "_lastUpdated=ne2023-06-05").match_ids().size(), 2u);
}

TEST(SearchCombination, ParametersAreAnded) {
  EXPECT_THAT(search(kMpd, "name=z&legal-status-of-supply=B").match_ids(), ElementsAre(kZolpidem));
  EXPECT_THAT(search(kMpd, "name=z&legal-status-of-supply=C").match_ids(), ElementsAre());
}

TEST(SearchCombination, RepeatedParameterIsAnded) {
  EXPECT_THAT(search(kMpd, "name=k&name=kodimagnyl").match_ids(), ElementsAre(kKodimagnyl));
  EXPECT_THAT(search(kMpd, "name=k&name=corixil").match_ids(), ElementsAre());
}

}  // namespace
}  // namespace gateway::medication
