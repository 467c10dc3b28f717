// Bundle.searchset: type, total, links and entries.
#include "fhir/bundle.hpp"

#include <gtest/gtest.h>

#include "fhir/json.hpp"

namespace gateway::fhir {
namespace {

TEST(Searchset, HasLinksTotalAndEntries) {
  SearchsetLinks links{"http://x/fhir/Patient?name=a", "http://x/fhir/Patient?name=a&_page_token=n",
                       "http://x/fhir/Patient?name=a&_page_token=p"};
  SearchsetWriter writer("http://x/fhir", 42, links);
  writer.add("Patient", "1", R"({"resourceType":"Patient","id":"1"})", "match");
  writer.add("Organization", "o", R"({"resourceType":"Organization","id":"o"})", "include");
  const Json b = Json::parse(std::move(writer).finish());
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
  EXPECT_EQ(b["entry"][1]["fullUrl"], "http://x/fhir/Organization/o");
  EXPECT_EQ(b["entry"][1]["resource"]["id"], "o");
}

TEST(Searchset, OmitsAbsentLinksTotalAndEmptyEntries) {
  const Json b = Json::parse(SearchsetWriter("http://x/fhir", std::nullopt,
                                             {"http://x/fhir/Patient", std::nullopt, std::nullopt})
                                 .finish());
  EXPECT_FALSE(b.contains("total"));
  EXPECT_FALSE(b.contains("entry"));
  ASSERT_EQ(b["link"].size(), 1u);
}

TEST(Searchset, EscapesTheBaseUrlAndLinksAndWritesOutcomeEntriesWithoutFullUrl) {
  SearchsetWriter writer("http://x/\"odd\"", 0, {"http://x/?q=\"a\"", std::nullopt, std::nullopt});
  writer.add("Patient", "1", R"({"resourceType":"Patient","id":"1"})", "match");
  writer.add_outcome(R"({"resourceType":"OperationOutcome"})");
  const Json b = Json::parse(std::move(writer).finish());
  EXPECT_EQ(b["total"], 0);
  EXPECT_EQ(b["link"][0]["url"], "http://x/?q=\"a\"");
  EXPECT_EQ(b["entry"][0]["fullUrl"], "http://x/\"odd\"/Patient/1");
  EXPECT_FALSE(b["entry"][1].contains("fullUrl"));
  EXPECT_EQ(b["entry"][1]["search"]["mode"], "outcome");
}

}  // namespace
}  // namespace gateway::fhir
