// Each pipeline stage on its own: route, authenticate, authorise, negotiate, handle,
// conditional response.
#include <gtest/gtest.h>

#include <stdexcept>

#include "app/stages.hpp"
#include "auth/principal.hpp"
#include "fhir/conditional.hpp"
#include "fhir/json.hpp"
#include "result_matchers.hpp"

namespace gateway::app {
namespace {

using fhir::Access;
using fhir::ErrorKind;
using testing::HasErrorKind;
using testing::IsOk;

fhir::Response ok_handler(const fhir::Request& r) {
  return fhir::make_response(200, "{\"id\":\"" + std::string(r.path_param("id")) + "\"}");
}

fhir::Router table() {
  fhir::Router router;
  router.add(
      {"GET", "/fhir/Thing/{id}", ok_handler, Access::grunndata, fhir::Interaction::read, "Thing"});
  router.add({"GET", "/fhir/Patient/{id}", ok_handler, Access::patient_data,
              fhir::Interaction::read, "Patient"});
  fhir::Route search{
      "POST", "/fhir/Thing/_search", ok_handler, Access::grunndata, fhir::Interaction::search_type,
      "Thing"};
  search.accepts = fhir::Body::form;
  router.add(std::move(search));
  router.add({"GET", "/health/live", ok_handler, Access::open, fhir::Interaction::other, ""});
  return router;
}

fhir::Request request(std::string method, std::string path) {
  fhir::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

// A request that has been through the route stage.
fhir::Request routed(const fhir::Router& router, std::string method, std::string path) {
  fhir::Request r = request(std::move(method), std::move(path));
  EXPECT_THAT(route_request(router, r), IsOk());
  return r;
}

TEST(RouteStage, FillsRouteAndPathParameters) {
  const auto router = table();
  fhir::Request r = request("GET", "/fhir/Thing/42");
  ASSERT_THAT(route_request(router, r), IsOk());
  ASSERT_NE(r.context.route, nullptr);
  EXPECT_EQ(r.context.route_template(), "/fhir/Thing/{id}");
  EXPECT_EQ(r.path_param("id"), "42");
}

TEST(RouteStage, HeadIsRoutedAsGet) {
  const auto router = table();
  fhir::Request r = request("HEAD", "/fhir/Thing/42");
  EXPECT_THAT(route_request(router, r), IsOk());
}

TEST(RouteStage, UnknownPathIs404AndOtherMethodIs405WithAllow) {
  const auto router = table();
  fhir::Request unknown = request("GET", "/fhir/Nope");
  EXPECT_THAT(route_request(router, unknown), HasErrorKind(ErrorKind::not_found));
  EXPECT_EQ(unknown.context.route_template(), "unmatched");
  fhir::Request wrong = request("DELETE", "/fhir/Thing/42");
  auto status = route_request(router, wrong);
  ASSERT_THAT(status, HasErrorKind(ErrorKind::method_not_allowed));
  ASSERT_EQ(status.error().headers.size(), 1u);
  EXPECT_EQ(status.error().headers[0].name, "allow");
  EXPECT_EQ(status.error().headers[0].value, "GET");
}

TEST(AuthenticateStage, WhoNeedsAToken) {
  const auto router = table();
  const AccessRules closed{false};
  const AccessRules open_grunndata{true};
  auto route = [&](const char* method, const char* path) {
    return *router.match(method, path).route;
  };
  EXPECT_FALSE(needs_token(route("GET", "/health/live"), closed));
  EXPECT_TRUE(needs_token(route("GET", "/fhir/Thing/1"), closed));
  EXPECT_FALSE(needs_token(route("GET", "/fhir/Thing/1"), open_grunndata));
  EXPECT_TRUE(needs_token(route("GET", "/fhir/Patient/1"), open_grunndata));
}

TEST(AuthenticateStage, WithoutATrustLayerProtectedRoutesAre401) {
  const auto router = table();
  fhir::Request r = routed(router, "GET", "/fhir/Patient/1");
  EXPECT_THAT(authenticate_request({}, {}, r), HasErrorKind(ErrorKind::unauthorized));
  fhir::Request live = routed(router, "GET", "/health/live");
  EXPECT_THAT(authenticate_request({}, {}, live), IsOk());
}

TEST(AuthenticateStage, SetsThePrincipalOrPassesTheRefusalOn) {
  const auto router = table();
  auto principal = std::make_shared<auth::Principal>();
  principal->client_id = "epj";
  int calls = 0;
  TrustStages trust;
  trust.authenticate =
      [&](const fhir::Request& r,
          const fhir::Route&) -> fhir::Result<std::shared_ptr<const auth::Principal>> {
    ++calls;
    if (r.header("authorization")) return std::shared_ptr<const auth::Principal>(principal);
    return fhir::make_error(ErrorKind::unauthorized, "no token");
  };
  fhir::Request without = routed(router, "GET", "/fhir/Thing/1");
  EXPECT_THAT(authenticate_request(trust, {}, without), HasErrorKind(ErrorKind::unauthorized));
  fhir::Request with = routed(router, "GET", "/fhir/Thing/1");
  with.headers.push_back({"authorization", "DPoP x"});
  ASSERT_THAT(authenticate_request(trust, {}, with), IsOk());
  EXPECT_EQ(with.context.principal, principal);
  fhir::Request public_read = routed(router, "GET", "/fhir/Thing/1");
  EXPECT_THAT(authenticate_request(trust, AccessRules{true}, public_read), IsOk());
  EXPECT_EQ(public_read.context.principal, nullptr);
  EXPECT_EQ(calls, 2);  // public grunndata never reaches the trust layer
}

TEST(AuthoriseStage, AppliesThePolicyToAnAuthenticatedPrincipal) {
  const auto router = table();
  TrustStages trust;
  std::string seen_route;
  trust.authorize = [&](fhir::RequestContext& context) -> fhir::Status {
    seen_route = context.route->pattern;
    return fhir::make_error(ErrorKind::forbidden, "scope");
  };
  fhir::Request anonymous = routed(router, "GET", "/health/live");
  EXPECT_THAT(authorize_request(trust, anonymous), IsOk());
  EXPECT_EQ(seen_route, "");
  fhir::Request r = routed(router, "GET", "/fhir/Patient/1");
  r.context.principal = std::make_shared<auth::Principal>();
  EXPECT_THAT(authorize_request(trust, r), HasErrorKind(ErrorKind::forbidden));
  EXPECT_EQ(seen_route, "/fhir/Patient/{id}");
  EXPECT_THAT(authorize_request({}, r), HasErrorKind(ErrorKind::forbidden));
}

TEST(NegotiateStage, AcceptMustAdmitJsonOnFhirPaths) {
  const auto router = table();
  fhir::Request r = routed(router, "GET", "/fhir/Thing/1");
  r.headers.push_back({"accept", "application/fhir+xml"});
  EXPECT_THAT(negotiate(r), HasErrorKind(ErrorKind::not_acceptable));
  fhir::Request health = routed(router, "GET", "/health/live");
  health.headers.push_back({"accept", "application/fhir+xml"});
  EXPECT_THAT(negotiate(health), IsOk());
}

TEST(NegotiateStage, BodiesMustBeOfTheTypeTheRouteDeclares) {
  const auto router = table();
  auto with_body = [&](const char* method, const char* path, const char* type) {
    fhir::Request r = routed(router, method, path);
    r.body = "x=1";
    r.headers.push_back({"content-type", type});
    return r;
  };
  EXPECT_THAT(negotiate(with_body("POST", "/fhir/Thing/_search",
                                  "application/x-www-form-urlencoded; charset=utf-8")),
              IsOk());
  EXPECT_THAT(negotiate(with_body("POST", "/fhir/Thing/_search", "application/fhir+json")),
              HasErrorKind(ErrorKind::unsupported_media_type));
  EXPECT_THAT(negotiate(with_body("GET", "/fhir/Thing/1", "application/fhir+json")), IsOk());
  EXPECT_THAT(negotiate(with_body("GET", "/fhir/Thing/1", "application/x-www-form-urlencoded")),
              HasErrorKind(ErrorKind::unsupported_media_type));
  EXPECT_THAT(negotiate(routed(router, "POST", "/fhir/Thing/_search")), IsOk());  // no body
}

TEST(HandleStage, AnExceptionIsA500WithoutItsDetail) {
  fhir::Router router;
  router.add({"GET", "/boom",
              [](const fhir::Request&) -> fhir::Response {
                throw std::runtime_error("secret internal detail");
              },
              Access::open, fhir::Interaction::other, ""});
  fhir::Request r = routed(router, "GET", "/boom");
  std::string logged;
  const fhir::Response response = run_handler(r, [&](const char* what) { logged = what; });
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body_view().find("secret"), std::string_view::npos);
  EXPECT_EQ(fhir::Json::parse(response.body_view())["resourceType"], "OperationOutcome");
  EXPECT_EQ(logged, "secret internal detail");
}

TEST(ConditionalStage, MatchingIfNoneMatchIs304) {
  fhir::Response response = fhir::make_response(200, "{}");
  response.set_header("etag", fhir::weak_etag("3"));
  fhir::Request r = request("GET", "/fhir/Thing/1");
  r.headers.push_back({"if-none-match", "W/\"3\""});
  EXPECT_EQ(conditional_response(r, response).status, 304);
  r.headers[0].value = "W/\"2\"";
  EXPECT_EQ(conditional_response(r, response).status, 200);
}

}  // namespace
}  // namespace gateway::app
