// The CapabilityStatement entries list exactly the parameters and includes parsing accepts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "registry_fixture.hpp"
#include "search/search_capability.hpp"

namespace gateway::search {
namespace {

using ::testing::Contains;
using ::testing::Not;

const fhir::SearchParamCapability* param_named(const fhir::ResourceCapability& r,
                                               std::string_view name) {
  auto it = std::find_if(r.search_params.begin(), r.search_params.end(),
                         [&](const auto& p) { return p.name == name; });
  return it == r.search_params.end() ? nullptr : &*it;
}

TEST(SearchCapability, ConditionParametersAndIncludes) {
  fhir::ResourceCapability condition;
  condition.type = "Condition";
  describe_search(testing::registry(), condition);
  EXPECT_EQ(condition.search_params.size(), testing::registry().parameters("Condition").size());

  const auto* patient = param_named(condition, "patient");
  ASSERT_NE(patient, nullptr);
  EXPECT_EQ(patient->type, "reference");
  EXPECT_EQ(patient->definition, "http://hl7.org/fhir/SearchParameter/clinical-patient");
  EXPECT_EQ(patient->documentation, "Who has the condition?");
  const auto* onset = param_named(condition, "onset-date");
  ASSERT_NE(onset, nullptr);
  EXPECT_EQ(onset->type, "date");
  EXPECT_EQ(onset->documentation, "Date related onsets (dateTime and Period)");
  EXPECT_EQ(param_named(condition, "_text"), nullptr);  // not supported: not listed

  EXPECT_THAT(condition.search_includes, Contains("Condition:subject"));
  EXPECT_THAT(condition.search_includes, Contains("Condition:patient"));
  EXPECT_THAT(condition.search_includes, Not(Contains("Condition:code")));
  EXPECT_THAT(condition.search_rev_includes, Contains("Procedure:reason-reference"));
  EXPECT_THAT(condition.search_rev_includes, Contains("List:item"));
  EXPECT_THAT(condition.search_rev_includes, Not(Contains("Procedure:subject")));
}

TEST(SearchCapability, EveryStoredTypeIsDescribed) {
  for (const auto& type : default_stored_types()) {
    fhir::ResourceCapability resource;
    resource.type = type;
    describe_search(testing::registry(), resource);
    EXPECT_NE(param_named(resource, "_id"), nullptr) << type;
    EXPECT_NE(param_named(resource, "_lastUpdated"), nullptr) << type;
  }
}

}  // namespace
}  // namespace gateway::search
