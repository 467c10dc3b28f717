// Index extraction over every official R4B example of a stored type
// (hl7.fhir.r4b.examples@4.3.0): none is refused, and known examples yield their rows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "registry_fixture.hpp"
#include "search/index_extraction.hpp"

namespace gateway::search {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

fhir::Json read_example(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return fhir::Json::parse(text.str());
}

fhir::Json example(std::string_view name) {
  return read_example(std::filesystem::path(GATEWAY_R4B_EXAMPLES_DIR) / name);
}

TEST(OfficialExamples, EveryStoredTypeExampleIsIndexed) {
  std::size_t examples = 0;
  std::size_t rows = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GATEWAY_R4B_EXAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    const std::string type = name.substr(0, name.find('-'));
    if (!testing::registry().is_stored(type) || !name.ends_with(".json")) continue;
    const fhir::Json resource = read_example(entry.path());
    if (resource.value("resourceType", "") != type) continue;
    auto values = extract_index(testing::registry(), resource, {"http://hl7.org/fhir", 2000});
    ASSERT_TRUE(values.ok()) << name << ": " << values.error().diagnostics;
    ++examples;
    rows += values->tokens.size() + values->strings.size() + values->dates.size() +
            values->references.size() + values->uris.size() + values->numbers.size();
  }
  EXPECT_GE(examples, 90u);
  EXPECT_GE(rows, examples * 3);
}

TEST(OfficialExamples, PatientExample) {
  auto values = extract_index(testing::registry(), example("Patient-example.json"), {});
  ASSERT_TRUE(values.ok());
  const storage::TokenIndex identifier{"identifier", "urn:oid:1.2.36.146.595.217.0.1", "12345",
                                       "http://terminology.hl7.org/CodeSystem/v2-0203|MR"};
  EXPECT_THAT(values->tokens,
              Contains(::testing::AllOf(
                  ::testing::Field(&storage::TokenIndex::param, identifier.param),
                  ::testing::Field(&storage::TokenIndex::system, identifier.system),
                  ::testing::Field(&storage::TokenIndex::code, identifier.code),
                  ::testing::Field(&storage::TokenIndex::of_type, identifier.of_type))));
  EXPECT_THAT(values->strings, Contains(::testing::AllOf(
                                   ::testing::Field(&storage::StringIndex::param, "family"),
                                   ::testing::Field(&storage::StringIndex::folded, "chalmers"),
                                   ::testing::Field(&storage::StringIndex::exact, "Chalmers"))));
  EXPECT_THAT(values->compartments, ElementsAre("Patient/example"));
}

TEST(OfficialExamples, CompartmentsOfClinicalExamples) {
  auto condition = extract_index(testing::registry(), example("Condition-example.json"), {});
  ASSERT_TRUE(condition.ok());
  EXPECT_THAT(condition->compartments, ElementsAre("Patient/example"));
  // subject Patient/xcda; the authors are a Practitioner and a contained resource.
  auto document = extract_index(testing::registry(), example("DocumentReference-example.json"), {});
  ASSERT_TRUE(document.ok());
  EXPECT_THAT(document->compartments, ElementsAre("Patient/xcda"));
}

}  // namespace
}  // namespace gateway::search
