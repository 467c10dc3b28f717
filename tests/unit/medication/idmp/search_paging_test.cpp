// _sort, keyset paging (also across a catalog reload), _count, _total, _summary, _elements.
#include "search_support.hpp"
#include "synthetic_fest.hpp"

namespace gateway::medication {
namespace {

using namespace testing;
using ::testing::ElementsAre;

constexpr auto kMpd = ResourceType::medicinal_product_definition;

std::vector<std::string> names_of(const SearchOutcome& out) {
  std::vector<std::string> names;
  for (const auto& e : out.bundle.value("entry", Json::array())) {
    if (e["search"]["mode"] == "match") names.push_back(e["resource"]["name"][0]["productName"]);
  }
  return names;
}

const std::vector<std::string> kNames = {"Paracet", "Ålesund", "Øvelse",  "Ærlig",    "Zyban",
                                         "abilify", "Éfexor",  "Bactrim", "Cipralex", "Dolcontin"};

TEST(SearchSort, ByNameUsesNorwegianOrderAndDescending) {
  auto catalog = catalog_of(synthetic_fest(kNames));
  EXPECT_THAT(names_of(search(*catalog, kMpd, "_sort=name")),
              ElementsAre("abilify", "Bactrim", "Cipralex", "Dolcontin", "Éfexor", "Paracet",
                          "Zyban", "Ærlig", "Øvelse", "Ålesund"));
  auto desc = names_of(search(*catalog, kMpd, "_sort=-name&_count=3"));
  EXPECT_THAT(desc, ElementsAre("Ålesund", "Øvelse", "Ærlig"));
}

TEST(SearchPaging, NextAndPreviousWalkEveryRowOnce) {
  auto catalog = catalog_of(synthetic_fest(kNames));
  std::vector<std::string> seen;
  SearchOutcome page = search(*catalog, kMpd, "_sort=name&_count=3");
  EXPECT_EQ(page.bundle["total"], 10);
  EXPECT_FALSE(page.link("previous"));
  std::vector<std::string> last_page;
  while (true) {
    for (const auto& n : names_of(page)) seen.push_back(n);
    auto next = page.link("next");
    if (!next) break;
    EXPECT_EQ(next->rfind(std::string(kBase) + "/MedicinalProductDefinition?", 0), 0u);
    last_page = names_of(page);
    page = search(*catalog, kMpd, query_of(*next));
    ASSERT_TRUE(page.ok);
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.back(), "Ålesund");
  // Back from the last page.
  auto previous = page.link("previous");
  ASSERT_TRUE(previous);
  EXPECT_EQ(names_of(search(*catalog, kMpd, query_of(*previous))), last_page);
}

TEST(SearchPaging, CursorFromCatalogAWorksOnCatalogB) {
  auto a = catalog_of(synthetic_fest(kNames));
  SearchOutcome first = search(*a, kMpd, "_sort=name&_count=4");
  ASSERT_THAT(names_of(first), ElementsAre("abilify", "Bactrim", "Cipralex", "Dolcontin"));
  const std::string next = query_of(*first.link("next"));
  // Catalog B: one product before the cursor, one after, and "Éfexor" withdrawn.
  std::vector<std::string> names_b = kNames;
  names_b.erase(std::find(names_b.begin(), names_b.end(), "Éfexor"));
  names_b.push_back("Aerius");
  names_b.push_back("Fucidin");
  auto b = catalog_of(synthetic_fest(names_b), "B");
  // Ids differ between A and B for the same name here (they are positional), so the keyset
  // position is what matters: the page continues after "Dolcontin".
  EXPECT_THAT(names_of(search(*b, kMpd, next)),
              ElementsAre("Fucidin", "Paracet", "Zyban", "Ærlig"));
}

TEST(SearchPaging, DefaultSortIsByIdAndStable) {
  auto catalog = catalog_of(synthetic_fest(kNames));
  SearchOutcome page1 = search(*catalog, kMpd, "_count=4");
  EXPECT_THAT(page1.match_ids(), ElementsAre("ID-M000", "ID-M001", "ID-M002", "ID-M003"));
  SearchOutcome page2 = search(*catalog, kMpd, query_of(*page1.link("next")));
  EXPECT_THAT(page2.match_ids(), ElementsAre("ID-M004", "ID-M005", "ID-M006", "ID-M007"));
}

TEST(SearchPaging, CountIsBoundedByTheConfiguredMaximum) {
  auto catalog = catalog_of(synthetic_fest(kNames));
  auto out = search(*catalog, kMpd, "_count=500", false, {2, 3});
  EXPECT_EQ(out.match_ids().size(), 3u);
  EXPECT_EQ(search(*catalog, kMpd, "", false, {2, 3}).match_ids().size(), 2u);
}

TEST(SearchPaging, CursorForAnotherSortIsRejected) {
  auto catalog = catalog_of(synthetic_fest(kNames));
  SearchOutcome page = search(*catalog, kMpd, "_sort=name&_count=2");
  std::string q = query_of(*page.link("next"));
  q.replace(q.find("_sort=name"), 10, "_sort=_id");
  auto out = search(*catalog, kMpd, q);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.expression, "_page_token");
}

TEST(SearchTotalAndSummary, TotalNoneCountAndElements) {
  auto catalog = catalog_of(synthetic_fest(kNames));
  EXPECT_FALSE(search(*catalog, kMpd, "_total=none").bundle.contains("total"));
  auto count = search(*catalog, kMpd, "_summary=count");
  EXPECT_EQ(count.bundle["total"], 10);
  EXPECT_FALSE(count.bundle.contains("entry"));
  auto elements = search(*catalog, kMpd, "_elements=name&_count=1");
  Json resource = elements.bundle["entry"][0]["resource"];
  EXPECT_TRUE(resource.contains("name"));
  EXPECT_FALSE(resource.contains("legalStatusOfSupply"));
  EXPECT_EQ(resource["meta"]["tag"][0]["code"], "SUBSETTED");
  auto summary = search(*catalog, kMpd, "_summary=true&_count=1");
  EXPECT_TRUE(summary.bundle["entry"][0]["resource"].contains("legalStatusOfSupply"));
}

TEST(SearchLinks, SelfLinkRepeatsTheAppliedParameters) {
  auto out = search(ResourceType::medicinal_product_definition, "name=kodi&_count=5");
  EXPECT_EQ(*out.link("self"),
            std::string(kBase) + "/MedicinalProductDefinition?name=kodi&_count=5");
  EXPECT_EQ(
      out.bundle["entry"][0]["fullUrl"],
      std::string(kBase) + "/MedicinalProductDefinition/ID-000A27B8-3930-4264-80F9-CDB14C895662");
}

}  // namespace
}  // namespace gateway::medication
