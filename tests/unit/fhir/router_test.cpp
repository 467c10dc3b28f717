// Router: literal vs parameter segments, path parameters, 404 and 405 with Allow.
#include "fhir/router.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

Handler named(std::string name) {
  return [name](const Request&) { return make_response(200, name); };
}

Router sample_router() {
  Router r;
  r.add({"GET", "/fhir/Patient/{id}", named("read"), Access::patient_data, Interaction::read,
         "Patient"});
  r.add({"GET", "/fhir/Patient", named("search"), Access::patient_data, Interaction::search_type,
         "Patient"});
  r.add({"POST", "/fhir/Patient/_search", named("post-search"), Access::patient_data,
         Interaction::search_type, "Patient"});
  r.add({"GET", "/fhir/metadata", named("metadata"), Access::open, Interaction::capabilities, ""});
  return r;
}

std::string body_of(const RouteMatch& m) {
  return std::string(m.route->handler(Request{}).body_view());
}

TEST(Router, MatchesParameterSegmentAndCapturesIt) {
  auto r = sample_router();
  auto m = r.match("GET", "/fhir/Patient/abc-1");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::found);
  EXPECT_EQ(body_of(m), "read");
  ASSERT_EQ(m.path_params.size(), 1u);
  EXPECT_EQ(m.path_params[0].first, "id");
  EXPECT_EQ(m.path_params[0].second, "abc-1");
  EXPECT_EQ(m.route->pattern, "/fhir/Patient/{id}");
}

TEST(Router, LiteralSegmentBeatsParameter) {
  auto r = sample_router();
  auto m = r.match("POST", "/fhir/Patient/_search");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::found);
  EXPECT_EQ(body_of(m), "post-search");
}

TEST(Router, UnknownPathIsNotFound) {
  auto r = sample_router();
  EXPECT_EQ(r.match("GET", "/fhir/Unknown/1").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/fhir/Patient/1/extra").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/fhir/Patient/").outcome, RouteMatch::Outcome::not_found);
}

TEST(Router, WrongMethodListsAllowedMethods) {
  auto r = sample_router();
  auto m = r.match("DELETE", "/fhir/Patient/_search");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::method_not_allowed);
  EXPECT_EQ(m.allow, "POST");
  auto m2 = r.match("PUT", "/fhir/metadata");
  ASSERT_EQ(m2.outcome, RouteMatch::Outcome::method_not_allowed);
  EXPECT_EQ(m2.allow, "GET");
}

TEST(Router, InteractionCodesAreFhirCodes) {
  EXPECT_EQ(interaction_code(Interaction::search_type), "search-type");
  EXPECT_EQ(interaction_code(Interaction::read), "read");
  EXPECT_EQ(interaction_code(Interaction::delete_), "delete");
}

}  // namespace
}  // namespace gateway::fhir
