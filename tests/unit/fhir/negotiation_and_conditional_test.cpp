// Accept/_format/Content-Type checks and conditional reads (304).
#include <gtest/gtest.h>

#include "fhir/conditional.hpp"
#include "fhir/content_negotiation.hpp"
#include "result_matchers.hpp"

namespace gateway::fhir {
namespace {

using testing::HasErrorKind;
using testing::IsOk;
using ::testing::Not;

Request with_header(std::string name, std::string value) {
  Request r;
  r.method = "GET";
  r.headers.push_back({std::move(name), std::move(value)});
  return r;
}

TEST(Accept, JsonFlavoursAndWildcardsAreAccepted) {
  for (const char* accept : {"application/fhir+json", "application/json", "*/*",
                             "text/html, application/fhir+json;q=0.9", "application/*",
                             "application/fhir+json; fhirVersion=4.3"}) {
    EXPECT_THAT(check_acceptable(with_header("accept", accept)), IsOk()) << accept;
  }
  EXPECT_THAT(check_acceptable(Request{}), IsOk());
}

TEST(Accept, XmlOnlyOrZeroQualityIsNotAcceptable) {
  for (const char* accept : {"application/fhir+xml", "text/html", "application/fhir+json;q=0"}) {
    EXPECT_THAT(check_acceptable(with_header("accept", accept)),
                HasErrorKind(ErrorKind::not_acceptable))
        << accept;
  }
}

TEST(Format, QueryParameterOverridesAccept) {
  Request r = with_header("accept", "application/fhir+xml");
  r.query = {{"_format", "json"}};
  EXPECT_THAT(check_acceptable(r), IsOk());
  r.query = {{"_format", "xml"}};
  EXPECT_THAT(check_acceptable(r), Not(IsOk()));
}

TEST(ContentType, BodiesNeedAnAllowedType) {
  Request r = with_header("content-type", "application/fhir+json; charset=utf-8");
  r.body = "{}";
  EXPECT_THAT(check_content_type(r, {"application/fhir+json"}), IsOk());
  r.headers[0].value = "text/plain";
  EXPECT_THAT(check_content_type(r, {"application/fhir+json"}),
              HasErrorKind(ErrorKind::unsupported_media_type));
  r.headers.clear();
  EXPECT_THAT(check_content_type(r, {"application/fhir+json"}), Not(IsOk()));
  r.body.clear();
  EXPECT_THAT(check_content_type(r, {"application/fhir+json"}), IsOk());
}

Response resource_response() {
  Response r = make_response(200, "{}");
  r.set_header("etag", weak_etag("3"));
  r.set_header("last-modified", format_http_date(1767225600));
  return r;
}

TEST(Conditional, MatchingEtagGives304WithValidators) {
  auto r = not_modified(with_header("if-none-match", "W/\"3\""), resource_response());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 304);
  EXPECT_EQ(r->header("etag").value(), "W/\"3\"");
  EXPECT_TRUE(r->body_view().empty());
  EXPECT_TRUE(not_modified(with_header("if-none-match", "\"1\", \"3\""), resource_response()));
  EXPECT_TRUE(not_modified(with_header("if-none-match", "*"), resource_response()));
}

TEST(Conditional, OtherEtagOrNonGetIsServedNormally) {
  EXPECT_FALSE(not_modified(with_header("if-none-match", "W/\"2\""), resource_response()));
  Request post = with_header("if-none-match", "W/\"3\"");
  post.method = "POST";
  EXPECT_FALSE(not_modified(post, resource_response()));
  Response error = resource_response();
  error.status = 404;
  EXPECT_FALSE(not_modified(with_header("if-none-match", "W/\"3\""), error));
}

TEST(Conditional, IfModifiedSinceComparesDates) {
  EXPECT_TRUE(not_modified(with_header("if-modified-since", format_http_date(1767225600)),
                           resource_response()));
  EXPECT_FALSE(not_modified(with_header("if-modified-since", format_http_date(1767225599)),
                            resource_response()));
  EXPECT_FALSE(not_modified(with_header("if-modified-since", "garbage"), resource_response()));
}

TEST(HttpDate, RoundTrips) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value(), 784111777);
}

}  // namespace
}  // namespace gateway::fhir
