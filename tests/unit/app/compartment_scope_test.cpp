// The compartment-scope stage: attested patients become compartment keys; a SMART patient/
// scope narrows to its patient; no patient is 403; operations are unrestricted.
#include "app/compartment_scope.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/principal.hpp"
#include "fhir/router.hpp"
#include "result_matchers.hpp"

namespace gateway::app {
namespace {

using gateway::testing::HasErrorKind;
using gateway::testing::IsOk;
using ::testing::ElementsAre;

constexpr std::string_view kFnr = "urn:oid:2.16.578.1.12.4.1.4.1";

// The stored Patients behind each identifier, as the store would answer.
fhir::Result<std::vector<std::string>> keys_of(std::string_view system, std::string_view value) {
  if (value == "unavailable") {
    return fhir::make_error(fhir::ErrorKind::unavailable, "store down");
  }
  return std::vector<std::string>{"identifier:" + std::string(system) + "|" + std::string(value),
                                  "Patient/p-" + std::string(value)};
}

fhir::Route route_of(fhir::Access access) {
  fhir::Route r;
  r.access = access;
  return r;
}

std::shared_ptr<const auth::Principal> attesting(std::vector<std::string> patients) {
  auto principal = std::make_shared<auth::Principal>();
  auth::Attestation attestation;
  for (auto& id : patients) {
    attestation.patients.push_back(
        {auth::AttestedIdentifier{id, "", std::string(kFnr), ""}, {}, {}});
  }
  principal->attestation = std::move(attestation);
  return principal;
}

TEST(CompartmentScope, AttestedPatientsBecomeTheirCompartments) {
  const auto route = route_of(fhir::Access::patient_data);
  fhir::RequestContext context;
  context.route = &route;
  context.principal = attesting({"111", "222"});
  ASSERT_THAT(decide_compartment_scope(context, keys_of), IsOk());
  ASSERT_TRUE(context.compartments.has_value());
  EXPECT_FALSE(context.compartments->unrestricted);
  EXPECT_THAT(context.compartments->keys,
              ElementsAre("identifier:urn:oid:2.16.578.1.12.4.1.4.1|111", "Patient/p-111",
                          "identifier:urn:oid:2.16.578.1.12.4.1.4.1|222", "Patient/p-222"));
  ASSERT_TRUE(context.patient.has_value());
  EXPECT_EQ(context.patient->value, "111");
}

TEST(CompartmentScope, APatientScopeNarrowsToItsPatient) {
  const auto route = route_of(fhir::Access::patient_data);
  fhir::RequestContext context;
  context.route = &route;
  context.principal = attesting({"111", "222"});
  context.compartment_patient = "222";
  ASSERT_THAT(decide_compartment_scope(context, keys_of), IsOk());
  EXPECT_THAT(context.compartments->keys,
              ElementsAre("identifier:urn:oid:2.16.578.1.12.4.1.4.1|222", "Patient/p-222"));
}

TEST(CompartmentScope, NoAttestedPatientIsForbidden) {
  const auto route = route_of(fhir::Access::patient_data);
  fhir::RequestContext context;
  context.route = &route;
  context.principal = attesting({});
  EXPECT_THAT(decide_compartment_scope(context, keys_of), HasErrorKind(fhir::ErrorKind::forbidden));
  EXPECT_FALSE(context.compartments.has_value());
  context.principal = std::make_shared<auth::Principal>();  // no attestation at all
  EXPECT_THAT(decide_compartment_scope(context, keys_of), HasErrorKind(fhir::ErrorKind::forbidden));
}

TEST(CompartmentScope, AStoreFailureIsPassedOn) {
  const auto route = route_of(fhir::Access::patient_data);
  fhir::RequestContext context;
  context.route = &route;
  context.principal = attesting({"unavailable"});
  EXPECT_THAT(decide_compartment_scope(context, keys_of),
              HasErrorKind(fhir::ErrorKind::unavailable));
}

TEST(CompartmentScope, OperationsAreUnrestrictedAndOtherRoutesUntouched) {
  const auto admin = route_of(fhir::Access::admin);
  fhir::RequestContext context;
  context.route = &admin;
  ASSERT_THAT(decide_compartment_scope(context, keys_of), IsOk());
  EXPECT_TRUE(context.compartments->unrestricted);

  const auto grunndata = route_of(fhir::Access::grunndata);
  fhir::RequestContext other;
  other.route = &grunndata;
  ASSERT_THAT(decide_compartment_scope(other, keys_of), IsOk());
  EXPECT_FALSE(other.compartments.has_value());
}

TEST(CompartmentScope, SupervisorsSeeTheWholeAccessLogAndCitizensTheirOwn) {
  const auto route = route_of(fhir::Access::audit_log);
  fhir::RequestContext supervisor;
  supervisor.route = &route;
  supervisor.principal = attesting({});
  ASSERT_THAT(decide_compartment_scope(supervisor, keys_of), IsOk());
  EXPECT_TRUE(supervisor.compartments->unrestricted);

  auto person = std::make_shared<auth::Principal>();
  person->pid = "13116900216";
  fhir::RequestContext citizen;
  citizen.route = &route;
  citizen.principal = person;
  citizen.citizen_view = true;
  ASSERT_THAT(decide_compartment_scope(citizen, keys_of), IsOk());
  EXPECT_FALSE(citizen.compartments->unrestricted);
  EXPECT_THAT(
      citizen.compartments->keys,
      ElementsAre("identifier:urn:oid:2.16.578.1.12.4.1.4.1|13116900216", "Patient/p-13116900216"));
  // A D-nummer is looked up under its own system.
  person->pid = "41116900216";
  citizen.compartments.reset();
  ASSERT_THAT(decide_compartment_scope(citizen, keys_of), IsOk());
  EXPECT_EQ(citizen.compartments->keys.front(),
            "identifier:urn:oid:2.16.578.1.12.4.1.4.2|41116900216");
}

}  // namespace
}  // namespace gateway::app
