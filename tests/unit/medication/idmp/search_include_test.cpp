// _include and _revinclude between the IDMP types, bounded.
#include "search_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;
using ::testing::UnorderedElementsAre;

const std::string kZolpidem = "ID-D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2";

TEST(SearchInclude, PackagesIncludeTheirProduct) {
  auto out = search(ResourceType::packaged_product_definition,
                    "identifier=526181&_include=PackagedProductDefinition:package-for");
  EXPECT_THAT(out.included(), UnorderedElementsAre("MedicinalProductDefinition/" + kZolpidem));
}

TEST(SearchInclude, ProductsRevincludePackagesIngredientsAndAuthorisations) {
  auto out = search(ResourceType::medicinal_product_definition,
                    "name=zolpidem&_revinclude=PackagedProductDefinition:package-for"
                    "&_revinclude=Ingredient:for&_revinclude=RegulatedAuthorization:subject");
  auto included = out.included();
  EXPECT_EQ(included.size(), 4u);  // 1 package, 1 active + 1 excipient ingredient, 1 authorisation
  EXPECT_EQ(std::count(included.begin(), included.end(),
                       "PackagedProductDefinition/ID-0008426A-FCA1-4CA1-9202-7D7D5B2922C2"),
            1);
}

TEST(SearchInclude, IngredientIncludesSubstanceAndTypedFor) {
  auto out =
      search(ResourceType::ingredient, "for=" + kZolpidem +
                                           "&role=100000072072&_include=Ingredient:substance"
                                           "&_include=Ingredient:for:ManufacturedItemDefinition");
  EXPECT_THAT(out.included(),
              UnorderedElementsAre("SubstanceDefinition/ID-2017DE00-0000-4000-8000-0000000020D0",
                                   "ManufacturedItemDefinition/mid-" + kZolpidem));
}

TEST(SearchInclude, IncludesAreBoundedWithAWarning) {
  auto out = search(*excerpt_catalog(), ResourceType::medicinal_product_definition,
                    "_revinclude=Ingredient:for", false, {20, 100}, 2);
  EXPECT_EQ(out.included().size(), 2u);
  bool warned = false;
  for (const auto& e : out.bundle["entry"]) {
    if (e["search"]["mode"] == "outcome")
      warned = e["resource"]["issue"][0]["code"] == "incomplete";
  }
  EXPECT_TRUE(warned);
}

TEST(SearchInclude, BadIncludesAreRejected) {
  EXPECT_FALSE(search(ResourceType::medicinal_product_definition,
                      "_include=PackagedProductDefinition:package-for")
                   .ok);
  EXPECT_FALSE(
      search(ResourceType::medicinal_product_definition, "_revinclude=Ingredient:role").ok);
  EXPECT_FALSE(search(ResourceType::medicinal_product_definition, "_revinclude=Nonsense:for").ok);
  EXPECT_FALSE(search(ResourceType::packaged_product_definition,
                      "_include:iterate=PackagedProductDefinition:package-for")
                   .ok);
}

}  // namespace
}  // namespace gateway::medication
