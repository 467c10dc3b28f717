// The HTTP handlers: read (ETag, Last-Modified, 404), GET and POST search, capability entries.
#include "fhir/capability.hpp"
#include "fhir/router.hpp"
#include "medication/catalog/service.hpp"
#include "medication/medication_routes.hpp"
#include "search_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

class RoutesTest : public ::testing::Test {
 protected:
  RoutesTest() : service_(std::make_shared<CatalogService>(CatalogSources{}, metrics_)) {
    service_->install(excerpt_catalog());
    for (auto& route : medication_routes(capabilities_, service_, config())) {
      router_.add(std::move(route));
    }
  }
  static MedicationConfig config() {
    MedicationConfig c;
    c.public_base_url = kBase;
    return c;
  }
  fhir::Response call(const std::string& method, const std::string& path,
                      const std::string& query = "", std::string body = {},
                      std::string content_type = {}) {
    fhir::Request request;
    request.method = method;
    request.path = path;
    request.query = *fhir::parse_query(query);
    request.body = std::move(body);
    if (!content_type.empty()) request.headers.push_back({"content-type", content_type});
    auto match = router_.match(method, path);
    EXPECT_EQ(match.outcome, fhir::RouteMatch::Outcome::found) << path;
    if (match.outcome != fhir::RouteMatch::Outcome::found) return {};
    request.path_params = match.path_params;
    EXPECT_EQ(match.route->access, fhir::Access::grunndata);
    return match.route->handler(request);
  }

  ops::MetricsRegistry metrics_;
  std::shared_ptr<CatalogService> service_;
  fhir::Router router_;
  fhir::CapabilityRegistry capabilities_;
};

TEST_F(RoutesTest, ReadReturnsSharedBytesWithEtagAndLastModified) {
  auto response =
      call("GET", "/fhir/MedicinalProductDefinition/ID-000A27B8-3930-4264-80F9-CDB14C895662");
  EXPECT_EQ(response.status, 200);
  const auto* stored = excerpt_catalog()->find(ResourceType::medicinal_product_definition,
                                               "ID-000A27B8-3930-4264-80F9-CDB14C895662");
  EXPECT_EQ(response.body.get(), stored->resource.json.get());  // no copy
  EXPECT_EQ(*response.header("etag"), "W/\"" + stored->resource.version_id + "\"");
  EXPECT_EQ(*response.header("last-modified"), "Mon, 05 Jun 2023 01:11:16 GMT");
}

TEST_F(RoutesTest, UnknownIdIs404OperationOutcome) {
  auto response = call("GET", "/fhir/PackagedProductDefinition/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(Json::parse(response.body_view())["resourceType"], "OperationOutcome");
}

TEST_F(RoutesTest, GetAndPostSearchAgree) {
  auto get = call("GET", "/fhir/PackagedProductDefinition", "identifier=526181");
  auto post = call("POST", "/fhir/PackagedProductDefinition/_search", "", "identifier=526181",
                   "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(post.status, 200);
  EXPECT_EQ(Json::parse(get.body_view())["entry"], Json::parse(post.body_view())["entry"]);
  EXPECT_EQ(Json::parse(post.body_view())["total"], 1);
}

TEST_F(RoutesTest, PostSearchDeclaresThatItTakesAFormBody) {
  // The pipeline's negotiate stage refuses other bodies with 415 (tested there).
  auto match = router_.match("POST", "/fhir/PackagedProductDefinition/_search");
  ASSERT_EQ(match.outcome, fhir::RouteMatch::Outcome::found);
  EXPECT_EQ(match.route->accepts, fhir::Body::form);
  EXPECT_EQ(router_.match("GET", "/fhir/PackagedProductDefinition").route->accepts,
            fhir::Body::fhir_json);
}

TEST_F(RoutesTest, RoutesRunOnTheIoThreads) {
  for (const auto& route : router_.routes()) {
    EXPECT_EQ(route.execution, fhir::Execution::inline_io) << route.pattern;
  }
}

TEST_F(RoutesTest, BadParameterIs400UnlessLenient) {
  auto response = call("GET", "/fhir/MedicinalProductDefinition", "colour=red");
  EXPECT_EQ(response.status, 400);
  Json outcome = Json::parse(response.body_view());
  EXPECT_EQ(outcome["issue"][0]["expression"][0], "colour");
}

TEST_F(RoutesTest, NotLoadedIs503) {
  ops::MetricsRegistry metrics;
  CatalogService empty(CatalogSources{}, metrics);
  fhir::Request request;
  request.path_params = {{"id", "x"}};
  EXPECT_EQ(handle_read(empty, ResourceType::ingredient, request).status, 503);
}

TEST_F(RoutesTest, CapabilityPointsToProfilesAndSearchParameters) {
  ASSERT_EQ(capabilities_.resources().size(), 8u);
  const auto& mpd = capabilities_.resources()[0];
  EXPECT_EQ(mpd.type, "MedicinalProductDefinition");
  EXPECT_EQ(
      mpd.supported_profiles[0],
      "https://fhir-gateway.example.no/fhir/StructureDefinition/fest-medicinal-product-definition");
  bool has_name = false;
  for (const auto& p : mpd.search_params) {
    if (p.name == "name") {
      has_name = true;
      EXPECT_EQ(
          p.definition,
          "https://fhir-gateway.example.no/fhir/SearchParameter/MedicinalProductDefinition-name");
    }
  }
  EXPECT_TRUE(has_name);
  EXPECT_NE(std::find(mpd.search_rev_includes.begin(), mpd.search_rev_includes.end(),
                      "PackagedProductDefinition:package-for"),
            mpd.search_rev_includes.end());
}

}  // namespace
}  // namespace gateway::medication
