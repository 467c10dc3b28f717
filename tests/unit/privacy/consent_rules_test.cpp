// The privacy registry's rules: reservation, document block, person and organisation
// blocks, and the Consents and provisions that do not apply (status, scope, period, actor).
#include "privacy/consent_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gateway::privacy {
namespace {

using fhir::Json;
using Restriction = fhir::Disclosure::Restriction;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 2026-06-01T00:00:00Z
constexpr std::int64_t kNow = 1780272000000;

Json privacy_consent(Json provision, std::string status = "active") {
  return Json{
      {"resourceType", "Consent"},
      {"status", std::move(status)},
      {"scope",
       {{"coding", Json::array({{{"system", kConsentScopeSystem}, {"code", "patient-privacy"}}})}}},
      {"provision", std::move(provision)}};
}

Json actor(const char* system, const char* value) {
  return Json{{"reference", {{"identifier", {{"system", system}, {"value", value}}}}}};
}

Json data(const char* reference) {
  return Json{{"meaning", "instance"}, {"reference", {{"reference", reference}}}};
}

const Viewer kDoctor{"565501872", {"999977774", "999977776"}};

TEST(ConsentRules, DenyWithoutActorOrDataIsAReservation) {
  const auto effect = consent_effect({privacy_consent({{"type", "deny"}})}, kDoctor, kNow);
  EXPECT_EQ(effect.restriction, Restriction::reservation);
  EXPECT_THAT(effect.blocked, IsEmpty());
}

TEST(ConsentRules, NoConsentOrAPermitRestrictsNothing) {
  EXPECT_EQ(consent_effect({}, kDoctor, kNow).restriction, Restriction::none);
  const auto permit = consent_effect({privacy_consent({{"type", "permit"}})}, kDoctor, kNow);
  EXPECT_EQ(permit.restriction, Restriction::none);
  EXPECT_THAT(permit.blocked, IsEmpty());
}

TEST(ConsentRules, DenyOfNamedDataBlocksThoseDocumentsForEveryone) {
  const Json provision{
      {"type", "deny"},
      {"data", Json::array({data("DocumentReference/b"), data("DocumentReference/a"),
                            data("DocumentReference/a")})}};
  const auto effect = consent_effect({privacy_consent(provision)}, kDoctor, kNow);
  EXPECT_EQ(effect.restriction, Restriction::none);
  EXPECT_THAT(effect.blocked, ElementsAre("DocumentReference/a", "DocumentReference/b"));
}

TEST(ConsentRules, DenyOfAPersonBlocksOnlyThatPerson) {
  const Json provision{{"type", "deny"}, {"actor", Json::array({actor(kHprSystem, "565501872")})}};
  const auto consents = std::vector<Json>{privacy_consent(provision)};
  EXPECT_EQ(consent_effect(consents, kDoctor, kNow).restriction, Restriction::block);
  const Viewer colleague{"123456789", {"999977774"}};
  EXPECT_EQ(consent_effect(consents, colleague, kNow).restriction, Restriction::none);
}

TEST(ConsentRules, DenyOfAnOrganisationBlocksEveryoneActingForIt) {
  const Json provision{{"type", "deny"},
                       {"actor", Json::array({actor(kOrgnrSystem, "999977776")})}};
  const auto consents = std::vector<Json>{privacy_consent(provision)};
  EXPECT_EQ(consent_effect(consents, kDoctor, kNow).restriction, Restriction::block);
  const Viewer elsewhere{"565501872", {"911111111"}};
  EXPECT_EQ(consent_effect(consents, elsewhere, kNow).restriction, Restriction::none);
}

TEST(ConsentRules, AnActorUnderAnUnknownSystemMatchesNobody) {
  const Json provision{{"type", "deny"},
                       {"actor", Json::array({actor("urn:oid:1.2.3", "565501872")})}};
  EXPECT_EQ(consent_effect({privacy_consent(provision)}, kDoctor, kNow).restriction,
            Restriction::none);
}

TEST(ConsentRules, DenyOfNamedDataForAPersonBlocksThoseDocumentsForThemOnly) {
  const Json provision{{"type", "deny"},
                       {"actor", Json::array({actor(kHprSystem, "565501872")})},
                       {"data", Json::array({data("DocumentReference/a")})}};
  const auto consents = std::vector<Json>{privacy_consent(provision)};
  const auto mine = consent_effect(consents, kDoctor, kNow);
  EXPECT_EQ(mine.restriction, Restriction::none);
  EXPECT_THAT(mine.blocked, ElementsAre("DocumentReference/a"));
  EXPECT_THAT(consent_effect(consents, Viewer{"123456789", {}}, kNow).blocked, IsEmpty());
}

TEST(ConsentRules, NestedDenyUnderAPermitApplies) {
  const Json provision{
      {"type", "permit"},
      {"provision", Json::array({{{"type", "deny"},
                                  {"actor", Json::array({actor(kHprSystem, "565501872")})}}})}};
  EXPECT_EQ(consent_effect({privacy_consent(provision)}, kDoctor, kNow).restriction,
            Restriction::block);
}

TEST(ConsentRules, ProvisionsNestedTooDeepAreIgnored) {
  Json provision{{"type", "deny"}};
  for (int i = 0; i < 12; ++i) {
    provision = Json{{"type", "permit"}, {"provision", Json::array({provision})}};
  }
  EXPECT_EQ(consent_effect({privacy_consent(provision)}, kDoctor, kNow).restriction,
            Restriction::none);
}

TEST(ConsentRules, AReservationOutranksABlock) {
  const Json block{{"type", "deny"}, {"actor", Json::array({actor(kHprSystem, "565501872")})}};
  const auto effect =
      consent_effect({privacy_consent(block), privacy_consent({{"type", "deny"}})}, kDoctor, kNow);
  EXPECT_EQ(effect.restriction, Restriction::reservation);
}

TEST(ConsentRules, ProvisionsApplyOnlyWithinTheirPeriod) {
  auto within = [](Json period) {
    return consent_effect({privacy_consent({{"type", "deny"}, {"period", std::move(period)}})},
                          kDoctor, kNow)
        .restriction;
  };
  EXPECT_EQ(within({{"start", "2026-01-01"}, {"end", "2026-12-31"}}), Restriction::reservation);
  EXPECT_EQ(within({{"start", "2026-05-31"}}), Restriction::reservation);
  EXPECT_EQ(within({{"end", "2026-05-31"}}), Restriction::none);
  EXPECT_EQ(within({{"start", "2026-06-02T00:00:00Z"}}), Restriction::none);
}

TEST(ConsentRules, OnlyActivePrivacyConsentsCount) {
  const Json deny{{"type", "deny"}};
  EXPECT_TRUE(is_active_privacy_consent(privacy_consent(deny)));
  EXPECT_FALSE(is_active_privacy_consent(privacy_consent(deny, "inactive")));
  EXPECT_FALSE(is_active_privacy_consent(privacy_consent(deny, "proposed")));
  Json treatment = privacy_consent(deny);
  treatment["scope"]["coding"][0]["code"] = "treatment";
  EXPECT_FALSE(is_active_privacy_consent(treatment));
  Json no_scope = privacy_consent(deny);
  no_scope.erase("scope");
  EXPECT_FALSE(is_active_privacy_consent(no_scope));
  EXPECT_EQ(
      consent_effect({privacy_consent(deny, "rejected"), treatment}, kDoctor, kNow).restriction,
      Restriction::none);
}

TEST(ConsentRules, MalformedProvisionsAreSkippedNotFatal) {
  const Json odd_actors{{"type", "deny"},
                        {"actor", Json::array({Json("x"), Json{{"reference", 7}}})},
                        {"period", "soon"}};
  const Json odd_data{{"type", "deny"},
                      {"data", Json::array({Json(3), Json{{"reference", {{"reference", 5}}}}})}};
  const auto effect = consent_effect(
      {privacy_consent(odd_actors), privacy_consent(odd_data), Json::array(), Json("x")}, kDoctor,
      kNow);
  EXPECT_EQ(effect.restriction, Restriction::none);
  EXPECT_THAT(effect.blocked, IsEmpty());
}

}  // namespace
}  // namespace gateway::privacy
