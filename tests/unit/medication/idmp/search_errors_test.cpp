// Unknown or malformed parameters: 400 naming the parameter, or ignored under lenient handling.
#include "search_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

constexpr auto kMpd = ResourceType::medicinal_product_definition;

void expect_invalid(const std::string& query, const std::string& expression) {
  auto out = search(kMpd, query);
  EXPECT_FALSE(out.ok) << query;
  EXPECT_EQ(out.error.kind, fhir::ErrorKind::invalid_search_param) << query;
  EXPECT_EQ(out.error.expression, expression) << query;
}

TEST(SearchErrors, UnknownAndMalformedParametersAre400) {
  expect_invalid("colour=red", "colour");
  expect_invalid("name:below=x", "name:below");
  expect_invalid("identifier:below=1", "identifier:below");
  expect_invalid("product-classification:text=x", "product-classification:text");
  expect_invalid("_lastUpdated=yesterday", "_lastUpdated");
  expect_invalid("_lastUpdated=xx2020", "_lastUpdated");
  expect_invalid("name=", "name");
  expect_invalid("_count=many", "_count");
  expect_invalid("_sort=colour", "_sort");
  expect_invalid("_page_token=garbage!", "_page_token");
  expect_invalid("identifier=|", "identifier");
  expect_invalid("_sort=name&_sort=_id", "_sort");
}

TEST(SearchErrors, SortByNameNeedsANameParameter) {
  auto out = search(ResourceType::ingredient, "_sort=name");
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.expression, "_sort");
}

TEST(SearchErrors, LenientHandlingIgnoresAndReports) {
  auto out = search(kMpd, "colour=red&name=kodim&_count=many", true);
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.match_ids().size(), 1u);
  Json outcome;
  for (const auto& e : out.bundle["entry"]) {
    if (e["search"]["mode"] == "outcome") outcome = e["resource"];
  }
  ASSERT_FALSE(outcome.is_null());
  EXPECT_EQ(outcome["issue"].size(), 2u);
  EXPECT_EQ(outcome["issue"][0]["severity"], "warning");
  // The self link shows what was applied.
  EXPECT_EQ(query_of(*out.link("self")), "name=kodim");
}

TEST(SearchErrors, FormatAndPrettyAreAccepted) {
  EXPECT_TRUE(search(kMpd, "_format=json&_pretty=true").ok);
}

}  // namespace
}  // namespace gateway::medication
