// The citizen's view of their access log keeps who looked, when, why and what, and drops
// the gateway's internal fields.
#include "audit/citizen_view.hpp"

#include <gtest/gtest.h>

namespace gateway::audit {
namespace {

using fhir::Json;

Json sample_event() {
  return Json::parse(R"({
    "resourceType": "AuditEvent", "id": "a1",
    "meta": {"versionId": "1", "lastUpdated": "2026-12-02T10:00:00.000Z"},
    "type": {"code": "rest"}, "action": "R", "recorded": "2026-12-02T10:00:00.000Z",
    "outcome": "4", "outcomeDesc": "HTTP 403: detail",
    "purposeOfEvent": [{"coding": [{"code": "BTG"}]}],
    "agent": [
      {"type": {"coding": [{"code": "humanuser"}]}, "who": {"display": "Kari Lege",
       "identifier": {"value": "565501872"}}, "name": "Kari Lege", "requestor": true,
       "policy": ["decision-7"], "altId": "x"},
      {"who": {"display": "Testsykehuset HF"}, "altId": "client-1", "name": "Test EPJ"}],
    "source": {"observer": {"display": "fhir-gateway"}},
    "entity": [
      {"what": {"type": "Patient", "identifier": {"value": "13116900216"}}, "role": {"code": "1"}},
      {"what": {"reference": "Condition/c1"}, "role": {"code": "4"}, "detail": [{"type": "x"}]},
      {"role": {"code": "24"}, "query": "eD0x"},
      {"what": {"identifier": {"value": "req-1"}}, "role": {"code": "20"},
       "detail": [{"type": "token-jti", "valueString": "jti-1"}]}]
  })");
}

TEST(CitizenView, KeepsWhoWhenWhyAndWhatAndDropsInternalFields) {
  const Json view = citizen_view(sample_event());
  EXPECT_EQ(view["id"], "a1");
  EXPECT_EQ(view["recorded"], "2026-12-02T10:00:00.000Z");
  EXPECT_EQ(view["purposeOfEvent"][0]["coding"][0]["code"], "BTG");
  EXPECT_FALSE(view.contains("outcomeDesc"));
  EXPECT_FALSE(view.contains("source"));
  ASSERT_EQ(view["agent"].size(), 2u);
  EXPECT_EQ(view["agent"][0]["who"]["display"], "Kari Lege");
  EXPECT_EQ(view["agent"][0]["name"], "Kari Lege");
  EXPECT_FALSE(view["agent"][0].contains("policy"));
  EXPECT_FALSE(view["agent"][0].contains("altId"));
  EXPECT_FALSE(view["agent"][0].contains("requestor"));
  EXPECT_EQ(view["agent"][1]["who"]["display"], "Testsykehuset HF");
  EXPECT_FALSE(view["agent"][1].contains("altId"));
  ASSERT_EQ(view["entity"].size(), 2u);  // the request and the query are gone
  EXPECT_EQ(view["entity"][0]["what"]["identifier"]["value"], "13116900216");
  EXPECT_EQ(view["entity"][1]["what"]["reference"], "Condition/c1");
  EXPECT_FALSE(view["entity"][1].contains("detail"));
  EXPECT_EQ(view.dump().find("jti-1"), std::string::npos);
  EXPECT_EQ(view.dump().find("client-1"), std::string::npos);
}

TEST(CitizenView, BundlesHaveEachAuditEventReplacedAndOtherBodiesStayAsTheyAre) {
  Json bundle = {{"resourceType", "Bundle"},
                 {"type", "searchset"},
                 {"entry", Json::array({{{"resource", sample_event()}},
                                        {{"resource", {{"resourceType", "OperationOutcome"}}}}})}};
  const Json view = Json::parse(citizen_view_of_body(bundle.dump()));
  EXPECT_FALSE(view["entry"][0]["resource"].contains("source"));
  EXPECT_EQ(view["entry"][1]["resource"]["resourceType"], "OperationOutcome");
  EXPECT_EQ(citizen_view_of_body("not json"), "not json");
  const Json single = Json::parse(citizen_view_of_body(sample_event().dump()));
  EXPECT_FALSE(single.contains("outcomeDesc"));
}

}  // namespace
}  // namespace gateway::audit
