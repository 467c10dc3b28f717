// Every official R4B example (hl7.fhir.r4b.examples@4.3.0) of the stored types validates
// against the base definitions without an error, except the examples listed here, each
// with the reason it is itself invalid.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "r4b_validator.hpp"

namespace gateway::validation {
namespace {

using testing::describe;
using testing::errors_of;
using testing::r4b_validator;

// file -> why the example breaks a rule of the specification (checked against R4B)
const std::map<std::string, std::string>& invalid_examples() {
  static const std::map<std::string, std::string> kInvalid{};
  return kInvalid;
}

TEST(OfficialExamples, EveryExampleOfTheStoredTypesValidatesAgainstTheBaseDefinitions) {
  const auto& types = testing::stored_types();
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FHIR_EXAMPLES_PACKAGE)) {
    const std::string file = entry.path().filename().string();
    const std::string type = file.substr(0, file.find('-'));
    if (std::find(types.begin(), types.end(), type) == types.end() || !file.ends_with(".json")) {
      continue;
    }
    const nlohmann::json resource = testing::read_json(entry.path().string());
    if (resource.value("resourceType", "") != type) continue;
    ++checked;
    const auto errors = errors_of(
        r4b_validator().validate(resource, "http://hl7.org/fhir/StructureDefinition/" + type));
    const auto listed = invalid_examples().find(file);
    if (listed == invalid_examples().end()) {
      EXPECT_TRUE(errors.empty()) << file << ":\n  " << ::testing::PrintToString(describe(errors));
    } else {
      EXPECT_FALSE(errors.empty())
          << file << " is listed as invalid (" << listed->second << ") but has no error";
    }
  }
  EXPECT_GE(checked, 90u);
}

TEST(OfficialExamples, EveryInvariantOfTheStoredTypesIsSupported) {
  // constraints the FHIRPath engine cannot parse are not checked: none for our types
  std::vector<std::string> ours;
  for (const std::string& problem : r4b_validator().definitions().unsupported_constraints()) {
    for (const std::string& type : testing::stored_types()) {
      if (problem.find("(" + type + ".") != std::string::npos ||
          problem.find("(" + type + ")") != std::string::npos) {
        ours.push_back(problem);
      }
    }
  }
  EXPECT_TRUE(ours.empty()) << ::testing::PrintToString(ours);
}

}  // namespace
}  // namespace gateway::validation
