// _count, _summary, _elements, _total, _sort parsing and application.
#include "fhir/search_common.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

const PagingLimits kLimits{20, 100};

TEST(CommonSearchParams, DefaultsWhenAbsent) {
  auto p = parse_common_search_params({}, kLimits);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->count, 20u);
  EXPECT_EQ(p->summary, SummaryMode::none);
  EXPECT_EQ(p->total, TotalMode::accurate);
  EXPECT_FALSE(p->page_token.has_value());
}

TEST(CommonSearchParams, CountIsClampedToMaximum) {
  auto p = parse_common_search_params({{"_count", "5000"}}, kLimits);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->count, 100u);
  EXPECT_EQ(parse_common_search_params({{"_count", "0"}}, kLimits)->count, 0u);
}

TEST(CommonSearchParams, MalformedValuesAreInvalidSearchParams) {
  for (const auto& [name, value] : QueryParams{{"_count", "-1"},
                                               {"_count", "ten"},
                                               {"_count", "5x"},
                                               {"_summary", "maybe"},
                                               {"_elements", "name,1bad"},
                                               {"_elements", "a.b"},
                                               {"_total", "all"},
                                               {"_page_token", ""},
                                               {"_sort", "-"}}) {
    auto p = parse_common_search_params({{name, value}}, kLimits);
    ASSERT_FALSE(p.ok()) << name << "=" << value;
    EXPECT_EQ(p.error().kind, ErrorKind::invalid_search_param);
    EXPECT_EQ(p.error().expression, name);
  }
}

TEST(CommonSearchParams, ParsesSummaryElementsTotalSortAndToken) {
  auto p = parse_common_search_params({{"_summary", "count"},
                                       {"_elements", "name, identifier"},
                                       {"_total", "none"},
                                       {"_sort", "-name,status"},
                                       {"_page_token", "abc"}},
                                      kLimits);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->summary, SummaryMode::count);
  EXPECT_EQ(p->elements, (std::vector<std::string>{"name", "identifier"}));
  EXPECT_EQ(p->total, TotalMode::none);
  EXPECT_EQ(p->sort, (std::vector<std::string>{"-name", "status"}));
  EXPECT_EQ(p->page_token.value(), "abc");
}

TEST(CommonSearchParams, KnowsItsOwnNames) {
  EXPECT_TRUE(is_common_search_param("_count"));
  EXPECT_TRUE(is_common_search_param("_format"));
  EXPECT_FALSE(is_common_search_param("name"));
  EXPECT_FALSE(is_common_search_param("_include"));
}

const Json kResource = {{"resourceType", "MedicinalProductDefinition"},
                        {"id", "x"},
                        {"meta", {{"versionId", "1"}}},
                        {"text", {{"status", "generated"}}},
                        {"name", Json::array({{{"productName", "Paracet"}}})},
                        {"identifier", Json::array({{{"value", "1"}}})},
                        {"description", "long text"}};

TEST(ApplyElements, KeepsMandatoryAndListedElementsAndMarksSubsetted) {
  const Json out = apply_elements(kResource, {"name"});
  EXPECT_EQ(out["resourceType"], "MedicinalProductDefinition");
  EXPECT_EQ(out["id"], "x");
  EXPECT_TRUE(out.contains("name"));
  EXPECT_FALSE(out.contains("identifier"));
  EXPECT_FALSE(out.contains("description"));
  EXPECT_EQ(out["meta"]["versionId"], "1");
  EXPECT_EQ(out["meta"]["tag"][0]["code"], "SUBSETTED");
  EXPECT_EQ(apply_elements(kResource, {}), kResource);
}

TEST(ApplySummary, TrueKeepsSummaryElementsOnly) {
  const Json out = apply_summary(kResource, SummaryMode::true_, {"identifier", "name"});
  EXPECT_TRUE(out.contains("identifier"));
  EXPECT_TRUE(out.contains("name"));
  EXPECT_FALSE(out.contains("description"));
  EXPECT_FALSE(out.contains("text"));
  EXPECT_EQ(out["meta"]["tag"][0]["code"], "SUBSETTED");
}

TEST(ApplySummary, DataDropsTextAndTextKeepsOnlyText) {
  const Json data = apply_summary(kResource, SummaryMode::data, {});
  EXPECT_FALSE(data.contains("text"));
  EXPECT_TRUE(data.contains("description"));
  const Json text = apply_summary(kResource, SummaryMode::text, {});
  EXPECT_TRUE(text.contains("text"));
  EXPECT_FALSE(text.contains("name"));
  EXPECT_EQ(apply_summary(kResource, SummaryMode::false_, {}), kResource);
}

TEST(PreferHandling, DetectsLenient) {
  Request r;
  EXPECT_FALSE(prefers_lenient(r));
  r.headers.push_back({"prefer", "return=minimal, handling=lenient"});
  EXPECT_TRUE(prefers_lenient(r));
}

}  // namespace
}  // namespace gateway::fhir
