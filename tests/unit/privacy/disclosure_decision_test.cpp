// The disclosure of a request: the caller as the privacy registry names them (HPR number
// from the token or the attestation, the organisations they act for) and the labels their
// attested authorisation withholds.
#include "privacy/disclosure_decision.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "privacy/confidentiality.hpp"
#include "privacy/consent_rules.hpp"

namespace gateway::privacy {
namespace {

using fhir::Json;
using Restriction = fhir::Disclosure::Restriction;
using ::testing::ElementsAre;

constexpr std::int64_t kNow = 1780272000000;  // 2026-06-01T00:00:00Z

auth::Principal practitioner(const std::string& authorization) {
  auth::Principal p;
  p.client_id = "client-1";
  p.orgnr_parent = "999977774";
  p.pid = "05898597468";
  auth::Attestation a;
  a.practitioner.hpr_number = auth::AttestedIdentifier{"565501872", "", "", ""};
  a.practitioner.authorization =
      auth::AttestedCode{authorization, "", "urn:oid:2.16.578.1.12.4.1.1.9060", ""};
  a.practitioner.point_of_care = auth::AttestedIdentifier{"999977776", "", "", ""};
  a.practitioner.department = auth::AttestedIdentifier{"999977778", "", "", ""};
  p.attestation = a;
  return p;
}

Json deny_actor(const char* system, const char* value) {
  return Json{
      {"resourceType", "Consent"},
      {"status", "active"},
      {"scope",
       {{"coding", Json::array({{{"system", kConsentScopeSystem}, {"code", "patient-privacy"}}})}}},
      {"provision",
       {{"type", "deny"},
        {"actor", Json::array({{{"reference",
                                 {{"identifier", {{"system", system}, {"value", value}}}}}}})}}}};
}

bool withholds(const fhir::Disclosure& disclosure, const char* system, const char* code) {
  const Json resource{
      {"meta", {{"security", Json::array({{{"system", system}, {"code", code}}})}}}};
  return carries_label(resource, disclosure.withheld_labels);
}

TEST(DisclosureDecision, AttestedHprNumberAndEveryOrganisationIdentifyTheCaller) {
  const PrivacySettings settings;
  const auto principal = practitioner("LE");
  EXPECT_EQ(decide_disclosure(principal, {deny_actor(kHprSystem, "565501872")}, settings, kNow)
                ->restriction,
            Restriction::block);
  for (const char* orgnr : {"999977774", "999977776", "999977778"}) {
    EXPECT_EQ(decide_disclosure(principal, {deny_actor(kOrgnrSystem, orgnr)}, settings, kNow)
                  ->restriction,
              Restriction::block)
        << orgnr;
  }
  EXPECT_EQ(decide_disclosure(principal, {deny_actor(kOrgnrSystem, "911111111")}, settings, kNow)
                ->restriction,
            Restriction::none);
}

TEST(DisclosureDecision, TheTokensHprNumberComesFirst) {
  auto principal = practitioner("LE");
  principal.hpr_number = "111111111";
  const PrivacySettings settings;
  EXPECT_EQ(decide_disclosure(principal, {deny_actor(kHprSystem, "111111111")}, settings, kNow)
                ->restriction,
            Restriction::block);
  EXPECT_EQ(decide_disclosure(principal, {deny_actor(kHprSystem, "565501872")}, settings, kNow)
                ->restriction,
            Restriction::none);
}

TEST(DisclosureDecision, RestrictedLabelsFollowTheAttestedAuthorisation) {
  const PrivacySettings settings;
  const auto doctor = decide_disclosure(practitioner("LE"), {}, settings, kNow);
  EXPECT_EQ(doctor->restriction, Restriction::none);
  EXPECT_FALSE(withholds(*doctor, kConfidentialitySystem, "R"));
  EXPECT_TRUE(withholds(*doctor, kConfidentialitySystem, "V"));
  const auto nurse = decide_disclosure(practitioner("SP"), {}, settings, kNow);
  EXPECT_TRUE(withholds(*nurse, kConfidentialitySystem, "R"));
  const PrivacySettings nurses_too{{"LE", "SP"}};
  EXPECT_FALSE(withholds(*decide_disclosure(practitioner("SP"), {}, nurses_too, kNow),
                         kConfidentialitySystem, "R"));
}

TEST(DisclosureDecision, ACallerWithoutAttestationSeesNoLabelledResource) {
  auth::Principal machine;
  machine.client_id = "client-1";
  machine.orgnr_parent = "999977774";
  const auto disclosure = decide_disclosure(machine, {}, PrivacySettings{}, kNow);
  EXPECT_TRUE(withholds(*disclosure, kConfidentialitySystem, "R"));
  EXPECT_TRUE(withholds(*disclosure, kNorwegianLabelOid, "NORS"));
  EXPECT_EQ(disclosure->withheld.load(), 0);
}

TEST(DisclosureDecision, BlockedDocumentsAreCarriedOver) {
  Json consent = deny_actor(kHprSystem, "565501872");
  consent["provision"]["data"] =
      Json::array({{{"reference", {{"reference", "DocumentReference/d1"}}}}});
  const auto disclosure = decide_disclosure(practitioner("LE"), {consent}, PrivacySettings{}, kNow);
  EXPECT_EQ(disclosure->restriction, Restriction::none);
  EXPECT_THAT(disclosure->blocked, ElementsAre("DocumentReference/d1"));
}

}  // namespace
}  // namespace gateway::privacy
