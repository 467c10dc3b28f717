// Server-assigned ids, If-Match, Prefer, page tokens and the responses around versions.
#include "records/write_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "records/page_token.hpp"
#include "records/version_response.hpp"
#include "result_matchers.hpp"

namespace gateway::records {
namespace {

using testing::HasErrorKind;
using testing::IsOk;

TEST(WriteSupport, NewIdsAreValidRandomUuids) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_resource_id();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(WriteSupport, WithIdPutsResourceTypeAndIdFirst) {
  const fhir::Json in = fhir::Json::parse(R"({"active":true,"resourceType":"Patient","id":"old"})");
  const fhir::Json out = with_id(in, "new");
  EXPECT_EQ(out.dump(), R"({"resourceType":"Patient","id":"new","active":true})");
}

TEST(WriteSupport, IfMatchTakesVersionEtagsOnly) {
  EXPECT_EQ(*parse_if_match("W/\"3\""), 3);
  EXPECT_EQ(*parse_if_match("\"12\""), 12);
  for (const char* bad : {"", "3", "W/3", "W/\"\"", "W/\"0\"", "W/\"-1\"", "W/\"3x\"", "*"}) {
    EXPECT_THAT(parse_if_match(bad), HasErrorKind(fhir::ErrorKind::invalid_request)) << bad;
  }
}

TEST(WriteSupport, PreferReturn) {
  fhir::Request r;
  EXPECT_EQ(return_preference(r), ReturnPreference::representation);
  r.headers = {{"prefer", "handling=lenient, return=minimal"}};
  EXPECT_EQ(return_preference(r), ReturnPreference::minimal);
  r.headers = {{"prefer", "return=OperationOutcome"}};
  EXPECT_EQ(return_preference(r), ReturnPreference::operation_outcome);
}

TEST(WriteSupport, WriteResponsesCarryLocationEtagAndTheChosenBody) {
  storage::StoredVersion v;
  v.type = "Patient";
  v.id = "p1";
  v.version = 2;
  v.last_updated = 1'764'645'296'123;
  v.json = R"({"resourceType":"Patient","id":"p1"})";
  const auto full = write_response(200, v, ReturnPreference::representation, "https://h/fhir");
  EXPECT_EQ(full.body_view(), v.json);
  EXPECT_EQ(full.header("location"), "https://h/fhir/Patient/p1/_history/2");
  EXPECT_EQ(full.header("etag"), "W/\"2\"");
  EXPECT_EQ(full.header("last-modified"), "Tue, 02 Dec 2025 03:14:56 GMT");
  const auto minimal = write_response(201, v, ReturnPreference::minimal, "https://h/fhir");
  EXPECT_EQ(minimal.status, 201);
  EXPECT_TRUE(minimal.body_view().empty());
  const auto outcome =
      write_response(201, v, ReturnPreference::operation_outcome, "https://h/fhir");
  EXPECT_EQ(fhir::Json::parse(outcome.body_view())["resourceType"], "OperationOutcome");
}

TEST(WriteSupport, PageTokensRoundTripAndRefuseForgeries) {
  const storage::Cursor c{123, 40};
  const auto back = parse_search_page_token(search_page_token(c));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->snapshot, 123);
  EXPECT_EQ(back->offset, 40);
  for (const char* bad : {"", "1", "1.", ".1", "-1.2", "1.-2", "a.b", "1.2.3"}) {
    EXPECT_FALSE(parse_search_page_token(bad).has_value()) << bad;
  }
  EXPECT_EQ(parse_history_page_token("77"), 77);
  EXPECT_FALSE(parse_history_page_token("x").has_value());
}

}  // namespace
}  // namespace gateway::records
