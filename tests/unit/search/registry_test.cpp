// The registry holds the official R4B parameters of every stored type, narrowed to that type.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry_fixture.hpp"
#include "result_matchers.hpp"
#include "search/expression_scope.hpp"

namespace gateway::search {
namespace {

using ::testing::ElementsAre;
using testing::registry;
using ::testing::UnorderedElementsAre;

std::size_t count_of(std::string_view type) { return registry().parameters(type).size(); }

TEST(SearchRegistry, EveryStoredTypeHasItsOfficialParameters) {
  // Official R4B counts per type (own + shared definitions), plus the six Resource ones with
  // an expression (_id, _lastUpdated, _profile, _security, _source, _tag); composite and
  // special parameters are not supported.
  EXPECT_EQ(count_of("Patient"), 6u + 23u);
  EXPECT_EQ(count_of("Binary"), 6u);
  EXPECT_EQ(count_of("Condition"), 6u + 21u);
  // DocumentReference and List: also IHE MHD's creation, designationType and sourceId (ours).
  EXPECT_EQ(count_of("DocumentReference"), 6u + 24u + 1u);
  EXPECT_EQ(count_of("Device"), 6u + 12u);
  // AuditEvent: only the access log's (default_searched_parameters), two of them ours.
  EXPECT_EQ(count_of("AuditEvent"), 11u);
  EXPECT_EQ(count_of("List"), 6u + 12u + 2u);
  EXPECT_EQ(count_of("Flag"), 6u + 6u);
  EXPECT_EQ(count_of("Procedure"), 6u + 16u);
  EXPECT_EQ(count_of("Consent"), 6u + 15u);
  EXPECT_EQ(count_of("AllergyIntolerance"), 6u + 16u);
  EXPECT_EQ(count_of("DeviceUseStatement"), 6u + 4u);
  for (const auto& type : default_stored_types()) {
    EXPECT_NE(registry().find(type, "_id"), nullptr) << type;
    EXPECT_NE(registry().find(type, "_lastUpdated"), nullptr) << type;
  }
}

TEST(SearchRegistry, SharedDefinitionsAreNarrowedToTheType) {
  const SearchParameter* patient = registry().find("Condition", "patient");
  ASSERT_NE(patient, nullptr);
  EXPECT_EQ(patient->type, ParamType::reference);
  EXPECT_EQ(patient->expression, "Condition.subject.where(resolve() is Patient)");
  EXPECT_THAT(patient->targets, ElementsAre("Patient"));
  EXPECT_EQ(patient->url, "http://hl7.org/fhir/SearchParameter/clinical-patient");

  const SearchParameter* code = registry().find("AllergyIntolerance", "code");
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->expression, "AllergyIntolerance.code | AllergyIntolerance.reaction.substance");

  const SearchParameter* profile = registry().find("Binary", "_profile");
  ASSERT_NE(profile, nullptr);
  EXPECT_EQ(profile->expression, "Binary.meta.profile");
  EXPECT_EQ(profile->type, ParamType::uri);
}

TEST(SearchRegistry, ExamplesAreSkippedAndUnsupportedAreKnown) {
  // SearchParameter-example-reference (experimental) would add target Organization.
  EXPECT_THAT(registry().find("Condition", "subject")->targets,
              UnorderedElementsAre("Group", "Patient"));
  EXPECT_EQ(registry().find("Patient", "mothersMaidenName"), nullptr);
  EXPECT_EQ(registry().find("DocumentReference", "relationship"), nullptr);
  EXPECT_TRUE(registry().is_unsupported("DocumentReference", "relationship"));  // composite
  EXPECT_TRUE(registry().is_unsupported("Patient", "_text"));
  EXPECT_FALSE(registry().is_unsupported("Patient", "nonsense"));
  EXPECT_FALSE(registry().is_stored("Observation"));
}

TEST(SearchRegistry, PatientCompartmentParams) {
  EXPECT_THAT(registry().patient_compartment_params("AllergyIntolerance"),
              ElementsAre("patient", "recorder", "asserter"));
  EXPECT_THAT(registry().patient_compartment_params("DocumentReference"),
              ElementsAre("subject", "author"));
  EXPECT_THAT(registry().patient_compartment_params("Patient"), ElementsAre("link"));
  EXPECT_TRUE(registry().patient_compartment_params("Device").empty());
  EXPECT_TRUE(registry().patient_compartment_params("Binary").empty());
}

TEST(SearchRegistry, SearchedParametersLimitAType) {
  EXPECT_NE(registry().find("AuditEvent", "entity-identifier"), nullptr);
  EXPECT_NE(registry().find("AuditEvent", "patient"), nullptr);
  EXPECT_EQ(registry().find("AuditEvent", "altid"), nullptr);
  EXPECT_TRUE(registry().is_unsupported("AuditEvent", "altid"));
  EXPECT_TRUE(registry().is_unsupported("AuditEvent", "_tag"));
  EXPECT_NE(registry().find("Condition", "_tag"), nullptr);  // other types keep theirs

  auto unknown = SearchRegistry::load(
      DefinitionSources{GATEWAY_R4B_CORE_DIR, {GATEWAY_PROFILES_DIR}}, default_stored_types(),
      {{"AuditEvent", {"patient", "no-such-parameter"}}});
  EXPECT_THAT(unknown, gateway::testing::HasErrorKind(fhir::ErrorKind::internal));
}

TEST(SearchRegistry, MissingDirectoryIsAnError) {
  auto loaded =
      SearchRegistry::load(DefinitionSources{"/nonexistent/package", {}}, default_stored_types());
  EXPECT_THAT(loaded, gateway::testing::HasErrorKind(fhir::ErrorKind::internal));
}

TEST(ExpressionScope, KeepsTheAlternativesOfOneType) {
  EXPECT_EQ(scope_expression("(Patient.deceased as dateTime)", "Patient"),
            "(Patient.deceased as dateTime)");
  EXPECT_EQ(scope_expression("Condition.onset.as(Age) | Condition.onset.as(Range)", "Condition"),
            "Condition.onset.as(Age) | Condition.onset.as(Range)");
  EXPECT_EQ(scope_expression("Patient.name | PatientX.name | Person.name", "Patient"),
            "Patient.name");
  EXPECT_EQ(scope_expression("Resource.meta.tag", "Flag"), "Flag.meta.tag");
  EXPECT_EQ(scope_expression("Patient.telecom.where(system='a|b')", "Patient"),
            "Patient.telecom.where(system='a|b')");
  EXPECT_EQ(scope_expression("Observation.code", "Patient"), "");
}

}  // namespace
}  // namespace gateway::search
