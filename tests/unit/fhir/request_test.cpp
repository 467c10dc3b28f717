// Query and path decoding, header lookup.
#include "fhir/request.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

TEST(ParseQuery, DecodesPercentAndPlusInOrder) {
  auto q = parse_query(
      "name=Paracet+500&identifier=https%3A%2F%2Ffarmalogg.no%2Fvarenummer%7C012345&flag");
  ASSERT_TRUE(q.has_value());
  ASSERT_EQ(q->size(), 3u);
  EXPECT_EQ((*q)[0], (std::pair<std::string, std::string>{"name", "Paracet 500"}));
  EXPECT_EQ((*q)[1].second, "https://farmalogg.no/varenummer|012345");
  EXPECT_EQ((*q)[2], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(ParseQuery, RejectsBrokenEscapesNulAndEmptyNames) {
  EXPECT_FALSE(parse_query("a=%zz").has_value());
  EXPECT_FALSE(parse_query("a=%4").has_value());
  EXPECT_FALSE(parse_query("a=%00").has_value());
  EXPECT_FALSE(parse_query("=x").has_value());
  EXPECT_TRUE(parse_query("a=1&&b=2").has_value());
  EXPECT_FALSE(parse_query("a=%ff").has_value());                   // not UTF-8
  EXPECT_FALSE(parse_query("a=%C0%AF").has_value());                // overlong encoding of '/'
  EXPECT_FALSE(parse_query("a=%ED%A0%80").has_value());             // UTF-16 surrogate
  EXPECT_TRUE(parse_query("name=%C3%A6%C3%B8%C3%A5").has_value());  // æøå
}

TEST(DecodePath, KeepsPlusAndDecodesUtf8) {
  EXPECT_EQ(decode_path("/fhir/Substance/a+b").value(), "/fhir/Substance/a+b");
  EXPECT_EQ(decode_path("/fhir/x%C3%A6").value(), "/fhir/x\xC3\xA6");
  EXPECT_FALSE(decode_path("/fhir/%").has_value());
}

// Found by tests/fuzz/http_request_fuzz: such bytes made the OperationOutcome dump throw.
TEST(DecodePath, RejectsInvalidUtf8) {
  EXPECT_FALSE(decode_path("/fhir/%FF").has_value());
  EXPECT_FALSE(decode_path("/fh\xFFir/metadata").has_value());
  EXPECT_FALSE(decode_path("/fhir/%C0%AF").has_value());        // overlong '/'
  EXPECT_FALSE(decode_path("/fhir/%ED%A0%80").has_value());     // surrogate
  EXPECT_FALSE(decode_path("/fhir/%F4%90%80%80").has_value());  // above U+10FFFF
  EXPECT_FALSE(parse_query("name=%C3").has_value());            // truncated sequence
  EXPECT_EQ(decode_path("/fhir/%F0%9F%92%8A").value(), "/fhir/\xF0\x9F\x92\x8A");
}

TEST(RequestHeaders, LookupCountAndPathParams) {
  Request r;
  r.headers = {{"dpop", "a"}, {"dpop", "b"}, {"accept", "application/fhir+json"}};
  r.path_params = {{"id", "42"}};
  r.query = {{"_count", "5"}};
  EXPECT_EQ(r.header("dpop").value(), "a");
  EXPECT_EQ(r.header_count("dpop"), 2u);
  EXPECT_FALSE(r.header("authorization").has_value());
  EXPECT_EQ(r.path_param("id"), "42");
  EXPECT_EQ(r.path_param("type"), "");
  EXPECT_EQ(r.query_param("_count").value(), "5");
}

}  // namespace
}  // namespace gateway::fhir
