// Each kind of check, on mutated official examples: the mutation produces exactly the
// expected issue (severity, code, FHIRPath location) and nothing else.
#include "validation/validator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "r4b_validator.hpp"
#include "validation/value_match.hpp"

namespace gateway::validation {
namespace {

using nlohmann::json;
using testing::describe;
using testing::example;
using testing::r4b_validator;

constexpr const char* kCore = "http://hl7.org/fhir/StructureDefinition/";
constexpr const char* kGatewayPatient =
    "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-patient";
constexpr const char* kGatewayAllergy =
    "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-allergyintolerance";

// "severity code @expression" of each issue: what the tests compare.
std::vector<std::string> outline(const std::vector<fhir::Issue>& issues) {
  std::vector<std::string> out;
  for (const auto& issue : issues) {
    out.push_back(issue.severity + " " + issue.code + " @" + issue.expression);
  }
  return out;
}

std::vector<fhir::Issue> check(const json& resource, const std::string& profile = "") {
  return r4b_validator().validate(
      resource, profile.empty() ? kCore + resource["resourceType"].get<std::string>() : profile);
}

json allergy() { return example("AllergyIntolerance-example.json"); }

TEST(Validator, TheUnchangedExampleHasNoIssue) {
  const auto issues = check(allergy());
  EXPECT_TRUE(issues.empty()) << ::testing::PrintToString(describe(issues));
}

TEST(Validator, UnknownElement) {
  json resource = allergy();
  resource["reaction"][1]["sevrity"] = "mild";
  EXPECT_THAT(outline(check(resource)),
              ::testing::ElementsAre("error structure @AllergyIntolerance.reaction[1].sevrity"));
}

TEST(Validator, ArrayWhereSingleAndSingleWhereArray) {
  json resource = allergy();
  resource["criticality"] = json::array({"high"});
  resource["category"] = "food";
  EXPECT_THAT(outline(check(resource)),
              ::testing::UnorderedElementsAre("error structure @AllergyIntolerance.criticality",
                                              "error structure @AllergyIntolerance.category"));
}

TEST(Validator, ResourceTypeMustMatchAndBePresent) {
  json resource = allergy();
  resource.erase("resourceType");
  EXPECT_THAT(outline(r4b_validator().validate(resource)),
              ::testing::ElementsAre("error structure @resourceType"));
  resource["resourceType"] = "Allergy";
  EXPECT_THAT(outline(r4b_validator().validate(resource)),
              ::testing::ElementsAre("error not-supported @resourceType"));
  resource["resourceType"] = "Condition";
  EXPECT_THAT(outline(check(resource, std::string(kCore) + "AllergyIntolerance")),
              ::testing::ElementsAre("error invalid @"));
}

TEST(Validator, PrimitiveExtensionsAreElementsOfTheirPrimitive) {
  json resource = allergy();
  resource["_criticality"] = {
      {"extension", {{{"url", "http://example.org/why"}, {"valueString", "reported by GP"}}}}};
  EXPECT_TRUE(check(resource).empty()) << ::testing::PrintToString(describe(check(resource)));
  resource["_criticality"]["value"] = "x";
  resource.erase("lastOccurrence");
  resource["_lastOccurrence"] = json::object();  // neither a value nor an extension
  EXPECT_THAT(outline(check(resource)), ::testing::UnorderedElementsAre(
                                            "error structure @AllergyIntolerance.criticality.value",
                                            "error invariant @AllergyIntolerance.lastOccurrence"));
  json arrays = allergy();
  arrays["_category"] = json::array({nullptr, {{"id", "c2"}}});
  EXPECT_THAT(outline(check(arrays)),
              ::testing::ElementsAre("error structure @AllergyIntolerance.category"));
}

TEST(Validator, PrimitiveFormats) {
  json resource = allergy();
  resource["recordedDate"] = "2014-10-09T14:58:00";  // dateTime with a time needs a zone
  resource["reaction"][0]["onset"] = "2012-02-30";
  resource["id"] = "not valid!";
  resource["lastOccurrence"] = 2012;
  EXPECT_THAT(outline(check(resource)),
              ::testing::UnorderedElementsAre("error value @AllergyIntolerance.recordedDate",
                                              "error value @AllergyIntolerance.reaction[0].onset",
                                              "error value @AllergyIntolerance.id",
                                              "error value @AllergyIntolerance.lastOccurrence"));
}

TEST(Validator, Cardinality) {
  json resource = allergy();
  resource.erase("patient");
  resource["reaction"][0].erase("manifestation");
  EXPECT_THAT(outline(check(resource)),
              ::testing::UnorderedElementsAre(
                  "error required @AllergyIntolerance.patient",
                  "error required @AllergyIntolerance.reaction[0].manifestation"));
}

TEST(Validator, RequiredBindings) {
  json resource = allergy();
  resource["criticality"] = "very-high";
  resource["clinicalStatus"]["coding"][0]["code"] = "ongoing";
  EXPECT_THAT(
      outline(check(resource)),
      ::testing::UnorderedElementsAre("error code-invalid @AllergyIntolerance.criticality",
                                      "error code-invalid @AllergyIntolerance.clinicalStatus"));
}

TEST(Validator, ExtensibleBindingsAreWarnings) {
  json resource = allergy();
  resource["reaction"][1]["manifestation"][0] = {
      {"coding",
       {{{"system", "http://nhn.no/kj/fhir/CodeSystem/TypeOfReaction"}, {"code", "99"}}}}};
  const auto issues = check(resource, kGatewayAllergy);
  EXPECT_THAT(
      outline(issues),
      ::testing::Contains("warning code-invalid @AllergyIntolerance.reaction[1].manifestation[0]"));
  EXPECT_FALSE(has_errors(issues)) << ::testing::PrintToString(describe(issues));
}

TEST(Validator, ReferenceTargetTypes) {
  json resource = allergy();
  resource["patient"]["reference"] = "Practitioner/example";
  resource["recorder"]["reference"] = "https://other.example.org/fhir/Device/d1/_history/2";
  resource["asserter"]["reference"] = "not a reference";
  EXPECT_THAT(outline(check(resource)), ::testing::UnorderedElementsAre(
                                            "error structure @AllergyIntolerance.patient",
                                            "error structure @AllergyIntolerance.recorder",
                                            "error value @AllergyIntolerance.asserter.reference"));
}

TEST(Validator, ContainedResourcesAndLocalReferences) {
  json resource = allergy();
  resource["contained"] = {{{"resourceType", "Practitioner"}, {"id", "p1"}, {"active", "yes"}}};
  resource["recorder"]["reference"] = "#p1";
  resource["asserter"]["reference"] = "#missing";
  // ref-1: a local reference needs its contained resource
  EXPECT_THAT(outline(check(resource)),
              ::testing::UnorderedElementsAre("error value @AllergyIntolerance.contained[0].active",
                                              "error invariant @AllergyIntolerance.asserter"));
  resource["asserter"]["reference"] = "#p1";
  resource["patient"]["reference"] = "#p1";  // a Practitioner, where a Patient is required
  resource["contained"][0]["active"] = true;
  EXPECT_THAT(outline(check(resource)),
              ::testing::ElementsAre("error structure @AllergyIntolerance.patient"));
  resource["patient"]["reference"] = "Patient/example";
  resource["asserter"]["reference"] = "#p1";
  resource["contained"][0]["active"] = true;
  EXPECT_TRUE(check(resource).empty()) << ::testing::PrintToString(describe(check(resource)));
  resource["recorder"]["reference"] = "Patient/example";
  resource["asserter"]["reference"] = "Patient/example";
  // dom-3: a contained resource no one refers to
  EXPECT_THAT(outline(check(resource)),
              ::testing::ElementsAre("error invariant @AllergyIntolerance"));
}

TEST(Validator, Invariants) {
  json resource = allergy();
  resource["verificationStatus"]["coding"][0]["code"] = "entered-in-error";
  // ait-2: entered-in-error must not have a clinical status
  const auto issues = check(resource);
  ASSERT_THAT(outline(issues), ::testing::ElementsAre("error invariant @AllergyIntolerance"));
  EXPECT_THAT(issues[0].diagnostics, ::testing::HasSubstr("ait-2"));

  json period = example("Condition-example.json");
  period["onsetPeriod"] = {{"start", "2020-05-01"}, {"end", "2019-01-01"}};
  period.erase("onsetDateTime");
  const auto per = check(period);
  ASSERT_THAT(outline(per),
              ::testing::ElementsAre("error invariant @Condition.onset.ofType(Period)"));
  EXPECT_THAT(per[0].diagnostics, ::testing::HasSubstr("per-1"));
}

TEST(Validator, NarrativeRules) {
  json resource = allergy();
  resource["text"]["div"] =
      "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x()</script></div>";
  const auto issues = check(resource);
  ASSERT_THAT(outline(issues),
              ::testing::ElementsAre("error invariant @AllergyIntolerance.text.div"));
  EXPECT_THAT(issues[0].diagnostics, ::testing::HasSubstr("<script>"));
}

TEST(Validator, EmptyElementsAndNulls) {
  json resource = allergy();
  resource["code"] = json::object();
  resource["note"] = json::array();
  resource["lastOccurrence"] = nullptr;
  EXPECT_THAT(outline(check(resource)), ::testing::UnorderedElementsAre(
                                            "error invariant @AllergyIntolerance.code",
                                            "error structure @AllergyIntolerance.note",
                                            "error structure @AllergyIntolerance.lastOccurrence"));
}

TEST(Validator, ChoiceTypes) {
  json resource = allergy();
  resource["onsetAge"] = {
      {"value", 3}, {"unit", "a"}, {"system", "http://unitsofmeasure.org"}, {"code", "a"}};
  resource["onsetColor"] = "blue";
  // two choices of onset[x] (onsetAge comes first: members are read in name order)
  EXPECT_THAT(outline(check(resource)),
              ::testing::UnorderedElementsAre("error structure @AllergyIntolerance.onsetDateTime",
                                              "error structure @AllergyIntolerance.onsetColor"));
}

TEST(Validator, FixedValuesAndSlicesOfAProfile) {
  json patient = {{"resourceType", "Patient"},
                  {"identifier",
                   {{{"system", "urn:oid:2.16.578.1.12.4.1.4.1"}, {"value", "1234"}},
                    {{"system", "urn:oid:2.16.578.1.12.4.1.4.2"}},
                    {{"system", "http://example.org/mrn"}, {"value", "A-1"}}}}};
  const auto issues = check(patient, kGatewayPatient);
  EXPECT_THAT(outline(issues),
              ::testing::UnorderedElementsAre("error invariant @Patient.identifier[0].value",
                                              "error required @Patient.identifier[1].value"));
  json valid = patient;
  valid["identifier"][0]["value"] = "13097248022";
  valid["identifier"][1]["value"] = "41097248022";
  EXPECT_TRUE(check(valid, kGatewayPatient).empty())
      << ::testing::PrintToString(describe(check(valid, kGatewayPatient)));
  // a person's earlier fødselsnummer may be kept beside the current one
  json twice = valid;
  twice["identifier"][2] = valid["identifier"][0];
  twice["identifier"][2]["value"] = "13097248023";
  twice["identifier"][2]["use"] = "old";
  EXPECT_TRUE(check(twice, kGatewayPatient).empty())
      << ::testing::PrintToString(describe(check(twice, kGatewayPatient)));
}

TEST(Validator, SliceCardinalityOfACoreProfile) {
  // vitalsigns: Observation.category has the slice VSCat (observation-category#vital-signs), 1..1
  constexpr const char* kVitalSigns = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
  json observation = example("Observation-heart-rate.json");
  EXPECT_TRUE(testing::errors_of(check(observation, kVitalSigns)).empty())
      << ::testing::PrintToString(describe(check(observation, kVitalSigns)));
  json missing = observation;
  missing["category"][0]["coding"][0]["code"] = "laboratory";
  EXPECT_THAT(outline(testing::errors_of(check(missing, kVitalSigns))),
              ::testing::ElementsAre("error required @Observation.category"));
  json twice = observation;
  twice["category"].push_back(observation["category"][0]);
  EXPECT_THAT(outline(testing::errors_of(check(twice, kVitalSigns))),
              ::testing::ElementsAre("error structure @Observation.category"));
}

TEST(Validator, FixedValuesOfACoreProfile) {
  // heartrate: valueQuantity (a type slice of value[x]) has system and code fixed
  constexpr const char* kHeartRate = "http://hl7.org/fhir/StructureDefinition/heartrate";
  json observation = example("Observation-heart-rate.json");
  EXPECT_TRUE(testing::errors_of(check(observation, kHeartRate)).empty())
      << ::testing::PrintToString(describe(check(observation, kHeartRate)));
  observation["valueQuantity"]["code"] = "beats/min";
  EXPECT_THAT(outline(testing::errors_of(check(observation, kHeartRate))),
              ::testing::ElementsAre("error value @Observation.value.ofType(Quantity).code"));
}

// A profile of Flag whose code has a pattern, written with its snapshot into `directory`.
void write_flag_profile(const std::string& directory) {
  json profile =
      testing::read_json(std::string(FHIR_CORE_PACKAGE) + "/StructureDefinition-Flag.json");
  profile["url"] = "https://example.org/StructureDefinition/dog-flag";
  profile["id"] = "dog-flag";
  profile["derivation"] = "constraint";
  profile["baseDefinition"] = "http://hl7.org/fhir/StructureDefinition/Flag";
  profile.erase("differential");
  for (auto& element : profile["snapshot"]["element"]) {
    if (element["id"] == "Flag.code") {
      element["patternCodeableConcept"] = {
          {"coding", {{{"system", "http://example.org/local"}, {"code", "bigdog"}}}}};
    }
  }
  std::ofstream(directory + "/StructureDefinition-dog-flag.json") << profile.dump();
}

TEST(Validator, PatternValues) {
  const std::string directory = ::testing::TempDir() + "/validation-pattern-profile";
  std::filesystem::create_directories(directory);
  write_flag_profile(directory);
  auto model = fhirpath::TypeModel::load(FHIR_CORE_PACKAGE, {"Flag"});
  ASSERT_TRUE(model.ok());
  ValidatorSources sources;
  sources.core_package_dir = FHIR_CORE_PACKAGE;
  sources.profile_dirs.push_back(directory);
  sources.eager_resources = {"Flag"};
  auto validator =
      Validator::load(sources, std::make_shared<const fhirpath::TypeModel>(std::move(*model)));
  ASSERT_TRUE(validator.ok()) << validator.error();
  constexpr const char* kDogFlag = "https://example.org/StructureDefinition/dog-flag";

  // the pattern's coding is there (display and text beside it are fine)
  json flag = example("Flag-example.json");
  EXPECT_TRUE((*validator)->validate(flag, kDogFlag).empty())
      << ::testing::PrintToString(describe((*validator)->validate(flag, kDogFlag)));
  flag["code"]["coding"][0]["code"] = "smalldog";
  EXPECT_THAT(outline((*validator)->validate(flag, kDogFlag)),
              ::testing::ElementsAre("error value @Flag.code"));
}

TEST(Validator, PatternContainment) {
  const json pattern = {{"coding", {{{"system", "http://loinc.org"}, {"code", "8867-4"}}}}};
  EXPECT_TRUE(matches_pattern(
      pattern, {{"coding",
                 {{{"system", "http://snomed.info/sct"}, {"code", "364075005"}},
                  {{"system", "http://loinc.org"}, {"code", "8867-4"}, {"display", "Heart rate"}}}},
                {"text", "Heart rate"}}));
  EXPECT_FALSE(matches_pattern(
      pattern, {{"coding", {{{"system", "http://loinc.org"}, {"code", "8310-5"}}}}}));
  EXPECT_FALSE(matches_pattern(pattern, {{"text", "Heart rate"}}));
  EXPECT_TRUE(matches_pattern(json(2), json(2.0)));
}

TEST(Validator, ProfileChoice) {
  json patient = {{"resourceType", "Patient"},
                  {"identifier", {{{"system", "urn:oid:2.16.578.1.12.4.1.4.1"}, {"value", "12"}}}}};
  // the core definition has no slice: the short fnr is fine
  EXPECT_TRUE(r4b_validator().validate(patient).empty());
  // meta.profile names our profile: the slice applies
  patient["meta"]["profile"] = {kGatewayPatient};
  EXPECT_THAT(outline(r4b_validator().validate(patient)),
              ::testing::ElementsAre("error invariant @Patient.identifier[0].value"));
  // an unknown profile is a warning, and the base definition is checked
  patient["meta"]["profile"] = {"https://example.org/StructureDefinition/unknown"};
  EXPECT_THAT(outline(r4b_validator().validate(patient)),
              ::testing::ElementsAre("warning not-supported @Patient.meta.profile"));
  // an unknown explicit profile is an error
  EXPECT_THAT(outline(r4b_validator().validate(patient, "https://example.org/x")),
              ::testing::ElementsAre("error not-supported @"));
}

TEST(Validator, ExtensionsWithAKnownDefinitionAreCheckedAgainstIt) {
  json patient = {{"resourceType", "Patient"},
                  {"extension",
                   {{{"url", "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"},
                     {"valueString", "Bergen"}}}}};
  // patient-birthPlace takes an Address, and needs one
  EXPECT_THAT(outline(check(patient)),
              ::testing::UnorderedElementsAre("error structure @Patient.extension[0].valueString",
                                              "error required @Patient.extension[0].value"));
  patient["extension"][0].erase("valueString");
  patient["extension"][0]["valueAddress"] = {{"city", "Bergen"}};
  EXPECT_TRUE(check(patient).empty()) << ::testing::PrintToString(describe(check(patient)));
}

TEST(Validator, NotAnObject) {
  EXPECT_THAT(outline(r4b_validator().validate(json::array())),
              ::testing::ElementsAre("error structure @"));
}

}  // namespace
}  // namespace gateway::validation
