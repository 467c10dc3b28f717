// Request bodies of create and update: JSON limits, resourceType and id rules, meta.
#include "records/resource_body.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "result_matchers.hpp"

namespace gateway::records {
namespace {

using testing::HasErrorKind;
using testing::IsOk;

TEST(ResourceBody, CreateDropsTheIdAndServerManagedMeta) {
  auto parsed = parse_resource_body(
      R"({"resourceType":"Patient","id":"client-chose","meta":{"versionId":"7","lastUpdated":"2020-01-01T00:00:00Z","profile":["p"]},"active":true})",
      "Patient", "");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_FALSE(parsed->contains("id"));
  EXPECT_EQ(parsed->at("meta"), fhir::Json::parse(R"({"profile":["p"]})"));
  EXPECT_EQ(parsed->begin().key(), "resourceType");  // member order is kept
}

TEST(ResourceBody, UpdateNeedsTheIdOfTheUrl) {
  EXPECT_THAT(parse_resource_body(R"({"resourceType":"Patient","id":"a"})", "Patient", "a"),
              IsOk());
  auto other = parse_resource_body(R"({"resourceType":"Patient","id":"b"})", "Patient", "a");
  ASSERT_THAT(other, HasErrorKind(fhir::ErrorKind::invalid_request));
  EXPECT_EQ(other.error().expression, "Patient.id");
  EXPECT_THAT(parse_resource_body(R"({"resourceType":"Patient"})", "Patient", "a"),
              HasErrorKind(fhir::ErrorKind::invalid_request));
}

TEST(ResourceBody, RefusesOtherTypesAndNonResources) {
  for (const char* bad :
       {"", "[]", "42", R"({"id":"x"})", R"({"resourceType":7})", R"({"resourceType":"Condition"})",
        R"({"resourceType":"Patient","meta":1})", "{\"resourceType\":\"Patient\"",
        "{\"resourceType\":\"Patient\"}}"}) {
    auto parsed = parse_resource_body(bad, "Patient", "");
    ASSERT_THAT(parsed, HasErrorKind(fhir::ErrorKind::invalid_request)) << bad;
    EXPECT_EQ(parsed.error().diagnostics.find("nlohmann"), std::string::npos);
  }
}

TEST(ResourceBody, DeepNestingIsRefusedWithoutRecursion) {
  std::string deep = R"({"resourceType":"Patient","extension":)";
  for (int i = 0; i < 100000; ++i) deep += "[";
  for (int i = 0; i < 100000; ++i) deep += "]";
  deep += "}";
  auto parsed = parse_resource_body(deep, "Patient", "");
  ASSERT_THAT(parsed, HasErrorKind(fhir::ErrorKind::invalid_request));
  EXPECT_NE(parsed.error().diagnostics.find("deeper"), std::string::npos);

  std::string ok = R"({"resourceType":"Patient","extension":)";
  for (int i = 0; i < kMaxJsonDepth - 2; ++i) ok += "[";
  for (int i = 0; i < kMaxJsonDepth - 2; ++i) ok += "]";
  ok += "}";
  EXPECT_THAT(parse_resource_body(ok, "Patient", ""), IsOk());
}

TEST(ResourceBody, Ids) {
  EXPECT_TRUE(is_valid_id("a-B.9"));
  EXPECT_TRUE(is_valid_id(std::string(64, 'x')));
  EXPECT_FALSE(is_valid_id(std::string(65, 'x')));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("a/b"));
  EXPECT_FALSE(is_valid_id("a_b"));
}

}  // namespace
}  // namespace gateway::records
