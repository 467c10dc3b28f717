// The official R4B search-parameter expressions of the stored types, evaluated on the official
// examples (hl7.fhir.r4b.examples): none fails, and a good set yields what the examples hold.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "r4b_model.hpp"
#include "result_matchers.hpp"

namespace gateway::fhirpath {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::r4b_model;

const std::vector<std::string> kStoredTypes = {"Patient",
                                               "DocumentReference",
                                               "List",
                                               "Binary",
                                               "AllergyIntolerance",
                                               "Condition",
                                               "Procedure",
                                               "Flag",
                                               "DeviceUseStatement",
                                               "Device",
                                               "AuditEvent",
                                               "Consent"};

json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

json example(const std::string& name) {
  return read_json(std::filesystem::path(FHIR_EXAMPLES_PACKAGE) / (name + ".json"));
}

struct SearchParameter {
  std::string code;
  std::string expression;
};

// The search parameters (with an expression) that apply to a resource type, by code.
const std::map<std::string, std::vector<SearchParameter>>& parameters_by_type() {
  static const auto parameters = [] {
    std::map<std::string, std::vector<SearchParameter>> out;
    for (const auto& entry : std::filesystem::directory_iterator(FHIR_CORE_PACKAGE)) {
      if (!entry.path().filename().string().starts_with("SearchParameter-")) continue;
      const json definition = read_json(entry.path());
      if (!definition.contains("expression")) continue;
      for (const auto& base : definition["base"]) {
        for (const std::string& type : kStoredTypes) {
          if (base == type || base == "Resource" || base == "DomainResource") {
            out[type].push_back({definition["code"], definition["expression"]});
          }
        }
      }
    }
    return out;
  }();
  return parameters;
}

const std::string& expression_of(const std::string& type, const std::string& code) {
  for (const SearchParameter& parameter : parameters_by_type().at(type)) {
    if (parameter.code == code) return parameter.expression;
  }
  throw std::runtime_error("no search parameter " + type + "." + code);
}

// The values a search parameter of the resource's type yields on it.
std::vector<json> index(const std::string& code, const json& resource) {
  return testing::values_of(expression_of(resource["resourceType"], code), resource);
}
std::vector<std::string> index_types(const std::string& code, const json& resource) {
  return testing::types_of(expression_of(resource["resourceType"], code), resource);
}

TEST(FhirPathSearchParameters, EveryExpressionOfTheStoredTypesEvaluatesOnTheExamples) {
  std::size_t examples = 0;
  std::size_t evaluations = 0;
  std::size_t non_empty = 0;
  std::vector<std::string> failures;
  for (const auto& entry : std::filesystem::directory_iterator(FHIR_EXAMPLES_PACKAGE)) {
    const std::string file = entry.path().filename().string();
    const std::string type = file.substr(0, file.find('-'));
    const auto parameters = parameters_by_type().find(type);
    if (parameters == parameters_by_type().end()) continue;
    const json resource = read_json(entry.path());
    if (resource.value("resourceType", "") != type) continue;
    ++examples;
    for (const SearchParameter& parameter : parameters->second) {
      auto expression = parse(parameter.expression);
      ASSERT_TRUE(expression.ok()) << parameter.expression;
      auto result = evaluate(*expression, resource, r4b_model());
      ++evaluations;
      if (!result) {
        failures.push_back(file + " " + parameter.code + ": " + result.error().message);
      } else if (!result->empty()) {
        ++non_empty;
      }
    }
  }
  std::cout << "examples: " << examples << ", evaluations: " << evaluations
            << ", non-empty: " << non_empty << ", failed: " << failures.size() << "\n";
  EXPECT_GT(examples, 80U);
  EXPECT_GT(non_empty, 500U);
  EXPECT_THAT(failures, IsEmpty());
}

TEST(FhirPathSearchParameters, IndexingOneResourceIsCheap) {
  const json patient = example("Patient-example");
  std::vector<Expression> expressions;
  for (const SearchParameter& parameter : parameters_by_type().at("Patient")) {
    auto expression = parse(parameter.expression);
    ASSERT_TRUE(expression.ok());
    expressions.push_back(std::move(*expression));
  }
  constexpr int kRounds = 200;
  std::size_t items = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) {
    for (const Expression& expression : expressions) {
      auto result = evaluate(expression, patient, r4b_model());
      ASSERT_TRUE(result.ok());
      items += result->size();
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() / kRounds;
  std::cout << "Patient-example: " << expressions.size() << " search parameters, "
            << items / kRounds << " items, " << micros << " us per resource\n";
#ifdef NDEBUG
  EXPECT_LT(micros, 5000);
#endif
}

TEST(FhirPathSearchParameters, Condition) {
  const json condition = example("Condition-example");
  const auto code = index("code", condition);
  ASSERT_EQ(code.size(), 1U);
  EXPECT_EQ(code[0]["coding"][0]["code"], "39065001");
  EXPECT_THAT(index_types("code", condition), ElementsAre("CodeableConcept"));
  EXPECT_THAT(index("patient", condition), ElementsAre(json{{"reference", "Patient/example"}}));
  EXPECT_THAT(index("subject", condition), ElementsAre(json{{"reference", "Patient/example"}}));
  EXPECT_THAT(index("onset-date", condition), ElementsAre("2012-05-24"));
  EXPECT_THAT(index_types("onset-date", condition), ElementsAre("dateTime"));
  EXPECT_THAT(index("onset-age", condition), IsEmpty());
  EXPECT_EQ(index("clinical-status", condition)[0]["coding"][0]["code"], "active");
  EXPECT_EQ(index("_tag", condition)[0]["code"], "HTEST");
  EXPECT_THAT(index("_id", condition), ElementsAre("example"));

  const json with_age = example("Condition-f202");
  EXPECT_THAT(index_types("abatement-age", with_age), ElementsAre("Age"));
  EXPECT_THAT(index("abatement-date", with_age), IsEmpty());
  EXPECT_THAT(index("abatement-string", example("Condition-f201")), ::testing::SizeIs(1));
  EXPECT_THAT(index("abatement-date", example("Condition-f204")), ElementsAre("2013-03-20"));
}

TEST(FhirPathSearchParameters, AllergyIntolerance) {
  const json allergy = example("AllergyIntolerance-example");
  EXPECT_THAT(index("patient", allergy), ElementsAre(json{{"reference", "Patient/example"}}));
  EXPECT_THAT(index("asserter", allergy), ElementsAre(json{{"reference", "Patient/example"}}));
  EXPECT_THAT(index("category", allergy), ElementsAre("food"));
  EXPECT_THAT(index_types("category", allergy), ElementsAre("code"));
  EXPECT_THAT(index("criticality", allergy), ElementsAre("high"));
  EXPECT_THAT(index("last-date", allergy), ElementsAre("2012-06"));
  EXPECT_THAT(index("date", allergy), ElementsAre("2014-10-09T14:58:00+11:00"));
  EXPECT_EQ(index("manifestation", allergy)[0]["coding"][0]["code"], "39579001");
  EXPECT_THAT(index("onset", allergy), ::testing::Contains("2012-06-12"));
  // code = AllergyIntolerance.code | AllergyIntolerance.reaction.substance | ...
  const auto code = index("code", allergy);
  ASSERT_GE(code.size(), 2U);
  EXPECT_EQ(code[0]["coding"][0]["code"], "227493005");
  EXPECT_EQ(code[1]["coding"][0]["code"], "1160593");
}

TEST(FhirPathSearchParameters, DocumentReference) {
  const json document = example("DocumentReference-example");
  EXPECT_THAT(index("date", document), ElementsAre("2005-12-24T09:43:41+11:00"));
  EXPECT_THAT(index_types("date", document), ElementsAre("instant"));
  EXPECT_THAT(index("period", document), ElementsAre(json{{"start", "2004-12-23T08:00:00+11:00"},
                                                          {"end", "2004-12-23T08:01:00+11:00"}}));
  EXPECT_THAT(index_types("period", document), ElementsAre("Period"));
  EXPECT_THAT(index("patient", document), ElementsAre(json{{"reference", "Patient/xcda"}}));
  EXPECT_THAT(index("encounter", document), ElementsAre(json{{"reference", "Encounter/xcda"}}));
  EXPECT_THAT(index("author", document),
              ElementsAre(json{{"reference", "Practitioner/xcda1"}}, json{{"reference", "#a2"}}));
  EXPECT_THAT(index("relatesto", document),
              ElementsAre(json{{"reference", "DocumentReference/example"}}));
  EXPECT_THAT(index("relation", document), ElementsAre("appends"));
  EXPECT_THAT(index("status", document), ElementsAre("current"));
  EXPECT_THAT(index("contenttype", document), ElementsAre("application/hl7-v3+xml"));
  EXPECT_EQ(index("type", document)[0]["coding"][0]["code"], "34108-1");
}

TEST(FhirPathSearchParameters, Patient) {
  const json patient = example("Patient-example");
  EXPECT_THAT(index("birthdate", patient), ElementsAre("1974-12-25"));
  EXPECT_THAT(index_types("birthdate", patient), ElementsAre("date"));
  EXPECT_THAT(index("family", patient), ElementsAre("Chalmers", "Windsor"));
  EXPECT_THAT(index("given", patient), ElementsAre("Peter", "James", "Jim"));
  EXPECT_THAT(index("name", patient), ::testing::SizeIs(3));
  EXPECT_THAT(index("phone", patient), ::testing::SizeIs(3));
  EXPECT_THAT(index("email", patient), IsEmpty());
  EXPECT_THAT(index("gender", patient), ElementsAre("male"));
  EXPECT_THAT(index("active", patient), ElementsAre(true));
  EXPECT_THAT(index("deceased", patient), ElementsAre(false));
  EXPECT_THAT(index("death-date", patient), IsEmpty());
  EXPECT_THAT(index("address-city", patient), ElementsAre("PleasantVille"));
  EXPECT_EQ(index("identifier", patient)[0]["value"], "12345");

  json deceased = patient;
  deceased.erase("deceasedBoolean");
  deceased["deceasedDateTime"] = "2015-02-14T13:42:00+10:00";
  EXPECT_THAT(index("deceased", deceased), ElementsAre(true));
  EXPECT_THAT(index("death-date", deceased), ElementsAre("2015-02-14T13:42:00+10:00"));

  json maiden = patient;
  maiden["extension"] =
      json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName"},
                    {"valueString", "Hansen"}}});
  const auto extension = index("mothersMaidenName", maiden);
  ASSERT_EQ(extension.size(), 1U);
  EXPECT_EQ(extension[0]["valueString"], "Hansen");
}

TEST(FhirPathSearchParameters, AuditEventPatientsThroughResolve) {
  const json audit = example("AuditEvent-example-disclosure");
  EXPECT_THAT(index("patient", audit), ElementsAre(json{{"reference", "Patient/example"}},
                                                   json{{"reference", "Patient/example/_history/1"},
                                                        {"identifier", {{"value", "What.id"}}}}));
  EXPECT_THAT(index("agent", audit), ::testing::SizeIs(2));
  EXPECT_THAT(index("date", example("AuditEvent-example")),
              ElementsAre("2012-10-25T22:04:27+11:00"));
  EXPECT_THAT(index("address", example("AuditEvent-example")),
              ElementsAre("127.0.0.1", "Workstation1.ehr.familyclinic.com"));
}

TEST(FhirPathSearchParameters, ConsentAndDevice) {
  const json consent = example("Consent-consent-example-basic");
  EXPECT_THAT(index("patient", consent),
              ElementsAre(json{{"reference", "Patient/f001"}, {"display", "P. van de Heuvel"}}));
  EXPECT_THAT(index("period", consent),
              ElementsAre(json{{"start", "1964-01-01"}, {"end", "2016-01-01"}}));
  EXPECT_THAT(index("date", consent), ElementsAre("2016-05-11"));
  EXPECT_THAT(index("status", consent), ElementsAre("active"));

  json device = example("Device-example");
  device["extension"] =
      json::array({{{"url", "http://hl7.org/fhir/SearchParameter/device-extensions-Device-din"},
                    {"valueIdentifier",
                     {{"system", "http://hl7.org/fhir/NamingSystem/iccbba-din"},
                      {"value", "A99971312345600"}}}}});
  const auto din = index("din", device);
  ASSERT_EQ(din.size(), 1U);
  EXPECT_EQ(din[0]["valueIdentifier"]["value"], "A99971312345600");
  EXPECT_EQ(index("identifier", device)[0]["value"], "345675");
}

}  // namespace
}  // namespace gateway::fhirpath
