// Type model tests: loading the official definitions, element types, choice types, bases,
// and the typed evaluation that depends on them (is/as/ofType on FHIR, System and resource
// types, contained resources, resolve()).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "r4b_model.hpp"
#include "result_matchers.hpp"

namespace gateway::fhirpath {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::r4b_model;
using testing::types_of;
using testing::values_of;

TEST(FhirPathTypeModel, LoadsTheOfficialDefinitionsInTime) {
  const auto start = std::chrono::steady_clock::now();
  auto model = TypeModel::load(FHIR_CORE_PACKAGE);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(model.ok()) << model.error().message;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  std::cout << "type model: " << model->type_count() << " types in " << ms << " ms\n";
  EXPECT_GT(model->type_count(), 500U);
#ifdef NDEBUG
  EXPECT_LT(ms, 5000);  // optimised builds; Debug with sanitizers takes ~17 s
#endif
}

TEST(FhirPathTypeModel, RefusesADirectoryWithoutDefinitions) {
  auto model = TypeModel::load("/nonexistent/fhir/package");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.error().kind, ErrorKind::model);
}

TEST(FhirPathTypeModel, KnowsElementsBasesAndChoices) {
  const TypeModel& model = r4b_model();
  const TypeInfo* condition = model.find("Condition");
  ASSERT_NE(condition, nullptr);
  EXPECT_EQ(condition->kind, TypeKind::resource);
  const ElementInfo* code = condition->element("code");
  ASSERT_NE(code, nullptr);
  ASSERT_EQ(code->types.size(), 1U);
  EXPECT_EQ(code->types.front()->name, "CodeableConcept");
  const ElementInfo* onset = condition->element("onset");
  ASSERT_NE(onset, nullptr);
  EXPECT_TRUE(onset->choice);
  EXPECT_EQ(onset->types.size(), 5U);
  ASSERT_NE(model.find("Resource"), nullptr);
  EXPECT_TRUE(condition->is_a(*model.find("DomainResource")));
  EXPECT_TRUE(condition->is_a(*model.find("FHIR.Resource")));
  EXPECT_TRUE(model.find("Age")->is_a(*model.find("Quantity")));
  EXPECT_FALSE(model.find("Quantity")->is_a(*model.find("Age")));
  EXPECT_EQ(model.find("date")->system_type, model.find("System.Date"));
  EXPECT_EQ(model.find("String"), model.system("String"));
  EXPECT_EQ(model.resource_type("CodeableConcept"), nullptr);
  // Backbone elements are types of their own, named by their path.
  const ElementInfo* evidence = condition->element("evidence");
  ASSERT_NE(evidence, nullptr);
  EXPECT_EQ(evidence->types.front()->name, "BackboneElement");
  EXPECT_EQ(evidence->types.front()->qualified, "Condition.evidence");
  EXPECT_NE(evidence->types.front()->element("detail"), nullptr);
}

const json kObservation = json::parse(R"({
  "resourceType": "Observation", "id": "o1", "status": "final",
  "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
  "valueQuantity": {"value": 72, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"},
  "effectivePeriod": {"start": "2020-01-01", "end": "2020-01-02"},
  "subject": {"reference": "Patient/p1"},
  "performer": [{"reference": "https://example.org/fhir/Practitioner/x/_history/2"},
                {"reference": "#org"}, {"reference": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"}],
  "contained": [{"resourceType": "Organization", "id": "org", "name": "Lab"}]
})");

TEST(FhirPathTypedEvaluation, ChildrenAreTypedByTheModel) {
  EXPECT_THAT(types_of("Observation.code", kObservation), ElementsAre("CodeableConcept"));
  EXPECT_THAT(types_of("Observation.code.coding.code", kObservation), ElementsAre("code"));
  EXPECT_THAT(types_of("Observation.value", kObservation), ElementsAre("Quantity"));
  EXPECT_THAT(types_of("Observation.effective", kObservation), ElementsAre("Period"));
  EXPECT_THAT(types_of("Observation.contained", kObservation), ElementsAre("Organization"));
  EXPECT_THAT(types_of("Observation.status", kObservation), ElementsAre("code"));
  EXPECT_THAT(types_of("'x'", kObservation), ElementsAre("String"));
  EXPECT_THAT(values_of("Observation.value.value", kObservation), ElementsAre(72));
  // A choice element written with its type suffix is typed too.
  EXPECT_THAT(types_of("Observation.valueQuantity", kObservation), ElementsAre("Quantity"));
  EXPECT_THAT(values_of("Observation.valueString", kObservation), IsEmpty());
}

TEST(FhirPathTypedEvaluation, TypeTestsAndCasts) {
  EXPECT_THAT(values_of("(Observation.value as Quantity).unit", kObservation), ElementsAre("kg"));
  EXPECT_THAT(values_of("Observation.value.as(Age)", kObservation), IsEmpty());
  EXPECT_THAT(values_of("Observation.value is Quantity", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("Observation.value is FHIR.Quantity", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("Observation.value.is(Period)", kObservation), ElementsAre(false));
  EXPECT_THAT(values_of("Observation.effective.ofType(Period).start", kObservation),
              ElementsAre("2020-01-01"));
  EXPECT_THAT(values_of("Observation.status is code", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("Observation.status is string", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("Observation.status is System.String", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("Observation.status is Boolean", kObservation), ElementsAre(false));
  EXPECT_THAT(values_of("Observation.effective.start is date", kObservation), ElementsAre(false));
  EXPECT_THAT(values_of("Observation.effective.start is dateTime", kObservation),
              ElementsAre(true));
  EXPECT_THAT(values_of("Observation is Resource", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("%resource is DomainResource", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("Observation.contained.ofType(Organization).name", kObservation),
              ElementsAre("Lab"));
  EXPECT_THAT(values_of("Observation.contained is Resource", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("'a' is String", kObservation), ElementsAre(true));
  EXPECT_THAT(values_of("1 is Integer and 1.5 is Decimal and @2020 is Date", kObservation),
              ElementsAre(true));
  // A type name first in a path keeps only resources of that type.
  EXPECT_THAT(values_of("Resource.id", kObservation), ElementsAre("o1"));
  EXPECT_THAT(values_of("Patient.id", kObservation), IsEmpty());
}

TEST(FhirPathTypedEvaluation, ResolveGivesTheReferencedType) {
  EXPECT_THAT(values_of("Observation.subject.resolve() is Patient", kObservation),
              ElementsAre(true));
  EXPECT_THAT(values_of("Observation.subject.where(resolve() is Patient).reference", kObservation),
              ElementsAre("Patient/p1"));
  EXPECT_THAT(values_of("Observation.subject.resolve().id", kObservation), ElementsAre("p1"));
  EXPECT_THAT(values_of("Observation.performer.resolve().id", kObservation),
              ElementsAre("x", "org"));
  EXPECT_THAT(types_of("Observation.performer.resolve()", kObservation),
              ElementsAre("Practitioner", "Organization"));
  EXPECT_THAT(values_of("Observation.performer.resolve().name", kObservation), ElementsAre("Lab"));
  EXPECT_THAT(values_of("Observation.performer.where(resolve() is Patient)", kObservation),
              IsEmpty());
}

TEST(FhirPathTypedEvaluation, ALogicalReferenceResolvesByItsType) {
  const nlohmann::json observation =
      nlohmann::json::parse(R"({"resourceType":"Observation","status":"final",
    "subject":{"type":"Patient","identifier":{"system":"urn:x","value":"1"}},
    "performer":[{"identifier":{"system":"urn:y","value":"2"}},
                 {"type":"NoSuchType","identifier":{"value":"3"}}]})");
  EXPECT_THAT(
      values_of("Observation.subject.where(resolve() is Patient).identifier.value", observation),
      ElementsAre("1"));
  EXPECT_THAT(values_of("Observation.performer.resolve()", observation), IsEmpty());
}

}  // namespace
}  // namespace gateway::fhirpath
