// The hand-written primitive checks agree with the official R4B regexes (read from the core
// package) on valid and invalid samples, and are stricter only where listed.
#include "validation/primitive_formats.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

namespace gateway::validation {
namespace {

using nlohmann::json;

std::string official_regex(const std::string& type) {
  std::ifstream in(std::string(FHIR_CORE_PACKAGE) + "/StructureDefinition-" + type + ".json");
  const json definition = json::parse(in);
  for (const auto& element : definition["snapshot"]["element"]) {
    if (element["path"] != type + ".value") continue;
    for (const auto& extension : element["type"][0].value("extension", json::array())) {
      if (extension["url"] == "http://hl7.org/fhir/StructureDefinition/regex") {
        return extension["valueString"];
      }
    }
  }
  return {};
}

void expect_agrees(const std::string& type, const std::vector<std::string>& samples) {
  const std::regex official(official_regex(type));
  for (const std::string& sample : samples) {
    const bool regex_ok = std::regex_match(sample, official);
    const bool ours_ok = primitive_problem(type, json(sample)).empty();
    EXPECT_EQ(ours_ok, regex_ok) << type << " '" << sample
                                 << "': " << primitive_problem(type, json(sample));
  }
}

TEST(PrimitiveFormats, DatesAgreeWithTheOfficialRegexes) {
  const std::vector<std::string> samples{
      "2024",  "2024-02",          "2024-02-29", "0001",
      "0000",  "2024-13",          "2024-00",    "2024-1",
      "24",    "2024-02-29T10:00", "2024-02-3x", "2024-02-28T10:00:00Z",
      " 2024", "2024-02-28 "};
  expect_agrees("date", samples);
}

TEST(PrimitiveFormats, DateTimesAndInstantsAgreeWithTheOfficialRegexes) {
  const std::vector<std::string> samples{"2024",
                                         "2024-05",
                                         "2024-05-06",
                                         "2024-05-06T10:11:12Z",
                                         "2024-05-06T10:11:12.123+01:00",
                                         "2024-05-06T10:11:12-14:00",
                                         "2024-05-06T10:11:12+14:00",
                                         "2024-05-06T10:11:12+14:30",
                                         "2024-05-06T10:11:12",
                                         "2024-05-06T10:11Z",
                                         "2024-05-06T24:00:00Z",
                                         "2024-05-06T23:59:60Z",
                                         "2024-05-06T10:11:12.Z",
                                         "2024-05T10:11:12Z",
                                         "2024-05-06t10:11:12Z"};
  expect_agrees("dateTime", samples);
  expect_agrees("instant", samples);
}

TEST(PrimitiveFormats, TheRestAgreeWithTheOfficialRegexes) {
  expect_agrees("id",
                {"a", "A-1.b", std::string(64, 'x'), std::string(65, 'x'), "a_b", "a b", "æ"});
  expect_agrees("code", {"active", "two words", "two  spaces", " lead", "trail ", "tab\there"});
  expect_agrees("oid", {"urn:oid:2.16.578.1.12.4.1.4.1", "urn:oid:3.1", "urn:oid:1.02", "urn:oid:1",
                        "oid:1.2"});
  expect_agrees("uuid", {"urn:uuid:c757873d-ec9a-4326-a141-556f43239520",
                         "urn:uuid:C757873D-EC9A-4326-A141-556F43239520", "urn:uuid:c757873d"});
  expect_agrees("uri", {"http://hl7.org/fhir", "urn:x", "has space"});
  expect_agrees("time", {"10:11:12", "23:59:60.5", "24:00:00", "10:11", "10:61:00"});
  expect_agrees("base64Binary", {"SGVsbG8=", "SGVs bG8h", "SGVsbG8", "SGV$bG8="});
}

TEST(PrimitiveFormats, StricterThanTheRegexWhereTheRegexIsLoose) {
  // calendar days: the regex allows any day up to 31
  EXPECT_NE(primitive_problem("date", json("2023-02-29")), "");
  EXPECT_NE(primitive_problem("date", json("2024-04-31")), "");
  EXPECT_EQ(primitive_problem("date", json("2024-02-29")), "");
  // base64: padding only at the end
  EXPECT_NE(primitive_problem("base64Binary", json("SG=sbG8h")), "");
  // an instant needs a time
  EXPECT_NE(primitive_problem("instant", json("2024-01-01")), "");
}

TEST(PrimitiveFormats, JsonKindsAndRanges) {
  EXPECT_EQ(primitive_problem("boolean", json(true)), "");
  EXPECT_NE(primitive_problem("boolean", json("true")), "");
  EXPECT_EQ(primitive_problem("integer", json(-5)), "");
  EXPECT_NE(primitive_problem("integer", json(1.5)), "");
  EXPECT_NE(primitive_problem("integer", json("5")), "");
  EXPECT_NE(primitive_problem("integer", json(2147483648LL)), "");
  EXPECT_EQ(primitive_problem("integer", json(2147483647LL)), "");
  EXPECT_NE(primitive_problem("positiveInt", json(0)), "");
  EXPECT_EQ(primitive_problem("unsignedInt", json(0)), "");
  EXPECT_NE(primitive_problem("unsignedInt", json(-1)), "");
  EXPECT_EQ(primitive_problem("decimal", json(1.25)), "");
  EXPECT_NE(primitive_problem("decimal", json("1.25")), "");
  EXPECT_NE(primitive_problem("string", json(5)), "");
  EXPECT_NE(primitive_problem("string", json("")), "");
  EXPECT_EQ(primitive_problem("string", json("x")), "");
}

}  // namespace
}  // namespace gateway::validation
