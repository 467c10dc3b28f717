// The C++ search parameter table and the published profiles/ agree, one file per parameter.
#include <filesystem>
#include <fstream>
#include <set>

#include "medication/index/search_parameters.hpp"
#include "test_support.hpp"

namespace gateway::medication {
namespace {

namespace fs = std::filesystem;
using testing::Json;

Json load(const fs::path& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

TEST(Profiles, EverySupportedSearchParameterHasAMatchingDefinition) {
  std::set<std::string> expected_files;
  for (ResourceType type : kAllResourceTypes) {
    for (const auto& spec : search_params(type)) {
      const std::string url = search_param_url(type, spec.code);
      const std::string file = "SearchParameter-" + url.substr(url.rfind('/') + 1) + ".json";
      expected_files.insert(file);
      const fs::path path = fs::path(PROFILES_DIR) / file;
      ASSERT_TRUE(fs::exists(path)) << path;
      Json sp = load(path);
      EXPECT_EQ(sp["url"], url);
      EXPECT_EQ(sp["code"], spec.code);
      EXPECT_EQ(sp["type"], param_type_name(spec.type));
      EXPECT_EQ(sp["base"], Json::array({type_name(type)}));
      if (spec.type == ParamType::reference) {
        Json targets = Json::array();
        for (ResourceType t : spec.targets) targets.push_back(type_name(t));
        EXPECT_EQ(sp["target"], targets) << file;
      }
      const bool below =
          sp.contains("modifier") &&
          std::find(sp["modifier"].begin(), sp["modifier"].end(), "below") != sp["modifier"].end();
      EXPECT_EQ(below, spec.below) << file;
    }
  }
  // Every published SearchParameter on a medication type is in the table.
  std::set<std::string> actual_files;
  for (const auto& entry : fs::directory_iterator(PROFILES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("SearchParameter-")) continue;
    for (ResourceType type : kAllResourceTypes) {
      const std::string prefix = "SearchParameter-" + std::string(type_name(type)) + "-";
      if (name.starts_with(prefix)) actual_files.insert(name);
    }
  }
  EXPECT_EQ(actual_files, expected_files);
}

TEST(Profiles, EveryTypeHasItsStructureDefinition) {
  for (ResourceType type : kAllResourceTypes) {
    const std::string url = profile_url(type);
    const fs::path path = fs::path(PROFILES_DIR) /
                          ("StructureDefinition-" + url.substr(url.rfind('/') + 1) + ".json");
    ASSERT_TRUE(fs::exists(path)) << path;
    Json sd = load(path);
    EXPECT_EQ(sd["url"], url);
    EXPECT_EQ(sd["type"], type_name(type));
    EXPECT_EQ(sd["derivation"], "constraint");
    EXPECT_EQ(sd["fhirVersion"], "4.3.0");
  }
}

}  // namespace
}  // namespace gateway::medication
