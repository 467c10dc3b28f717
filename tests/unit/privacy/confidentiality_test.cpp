// Confidentiality labels: V and NORS are withheld from every practitioner, R from those
// whose authorisation is not allowed it; labels match in meta.security and securityLabel,
// under both the URL and the OID systems.
#include "privacy/confidentiality.hpp"

#include <gtest/gtest.h>

namespace gateway::privacy {
namespace {

using fhir::Json;

const std::vector<std::string> kRoles{"LE"};

Json labelled(const char* system, const char* code) {
  return Json{{"resourceType", "Condition"},
              {"meta", {{"security", Json::array({{{"system", system}, {"code", code}}})}}}};
}

Json document_labelled(const char* system, const char* code) {
  return Json{{"resourceType", "DocumentReference"},
              {"securityLabel",
               Json::array({{{"coding", Json::array({{{"system", system}, {"code", code}}})}}})}};
}

TEST(Confidentiality, VeryRestrictedAndNorsAreWithheldFromEveryone) {
  for (const char* role : {"LE", "SP", ""}) {
    const auto labels = withheld_labels(role, kRoles);
    EXPECT_TRUE(carries_label(labelled(kConfidentialitySystem, "V"), labels)) << role;
    EXPECT_TRUE(carries_label(labelled(kConfidentialityOid, "V"), labels)) << role;
    EXPECT_TRUE(carries_label(labelled(kNorwegianLabelOid, "NORS"), labels)) << role;
    EXPECT_TRUE(carries_label(document_labelled(kNorwegianLabelSystem, "NORS"), labels)) << role;
  }
}

TEST(Confidentiality, RestrictedIsWithheldOnlyFromRolesNotAllowedIt) {
  const Json restricted = labelled(kConfidentialitySystem, "R");
  const Json restricted_oid = document_labelled(kConfidentialityOid, "R");
  EXPECT_FALSE(carries_label(restricted, withheld_labels("LE", kRoles)));
  EXPECT_FALSE(carries_label(restricted_oid, withheld_labels("LE", kRoles)));
  EXPECT_TRUE(carries_label(restricted, withheld_labels("SP", kRoles)));
  EXPECT_TRUE(carries_label(restricted_oid, withheld_labels("SP", kRoles)));
  EXPECT_TRUE(carries_label(restricted, withheld_labels("", kRoles)));
  EXPECT_TRUE(carries_label(restricted, withheld_labels("LE", {})));
  EXPECT_FALSE(carries_label(restricted, withheld_labels("SP", {"LE", "SP"})));
}

TEST(Confidentiality, OrdinaryLabelsAndUnlabelledResourcesAreShown) {
  const auto labels = withheld_labels("SP", kRoles);
  EXPECT_FALSE(carries_label(labelled(kConfidentialitySystem, "N"), labels));
  EXPECT_FALSE(carries_label(labelled(kNorwegianLabelOid, "NORN_FORELDRE"), labels));
  EXPECT_FALSE(carries_label(labelled("http://example.org/other", "V"), labels));
  EXPECT_FALSE(carries_label(Json{{"resourceType", "Condition"}}, labels));
  EXPECT_FALSE(carries_label(labelled(kConfidentialitySystem, "V"), {}));
}

TEST(Confidentiality, MalformedLabelsAreNotMatches) {
  const auto labels = withheld_labels("SP", kRoles);
  EXPECT_FALSE(carries_label(Json{{"meta", {{"security", "V"}}}}, labels));
  EXPECT_FALSE(carries_label(Json{{"meta", {{"security", Json::array({7, "V"})}}}}, labels));
  EXPECT_FALSE(carries_label(Json{{"securityLabel", Json::array({{{"coding", "V"}}})}}, labels));
  EXPECT_FALSE(carries_label(
      Json{{"meta", {{"security", Json::array({{{"system", 1}, {"code", "V"}}})}}}}, labels));
  EXPECT_FALSE(carries_label(Json::array(), labels));
}

}  // namespace
}  // namespace gateway::privacy
