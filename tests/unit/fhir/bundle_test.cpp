// Bundle.searchset: type, total, links and entries.
#include "fhir/bundle.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

TEST(Searchset, HasLinksTotalAndEntries) {
  std::vector<SearchEntry> entries = {
      {Json{{"resourceType", "Patient"}, {"id", "1"}}, "http://x/fhir/Patient/1", "match"},
      {Json{{"resourceType", "Organization"}, {"id", "o"}}, "http://x/fhir/Organization/o",
       "include"}};
  SearchsetLinks links{"http://x/fhir/Patient?name=a", "http://x/fhir/Patient?name=a&_page_token=n",
                       "http://x/fhir/Patient?name=a&_page_token=p"};
  const Json b = make_searchset(entries, links, 42);
  EXPECT_EQ(b["resourceType"], "Bundle");
  EXPECT_EQ(b["type"], "searchset");
  EXPECT_EQ(b["total"], 42);
  ASSERT_EQ(b["link"].size(), 3u);
  EXPECT_EQ(b["link"][0]["relation"], "self");
  EXPECT_EQ(b["link"][1]["relation"], "next");
  EXPECT_EQ(b["link"][1]["url"], "http://x/fhir/Patient?name=a&_page_token=n");
  EXPECT_EQ(b["link"][2]["relation"], "previous");
  ASSERT_EQ(b["entry"].size(), 2u);
  EXPECT_EQ(b["entry"][0]["fullUrl"], "http://x/fhir/Patient/1");
  EXPECT_EQ(b["entry"][0]["search"]["mode"], "match");
  EXPECT_EQ(b["entry"][1]["search"]["mode"], "include");
}

TEST(Searchset, OmitsAbsentLinksTotalAndEmptyEntries) {
  const Json b = make_searchset(
      {}, SearchsetLinks{"http://x/fhir/Patient", std::nullopt, std::nullopt}, std::nullopt);
  EXPECT_FALSE(b.contains("total"));
  EXPECT_FALSE(b.contains("entry"));
  ASSERT_EQ(b["link"].size(), 1u);
}

}  // namespace
}  // namespace gateway::fhir
