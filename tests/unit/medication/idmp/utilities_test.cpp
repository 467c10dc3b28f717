// Timestamps, FHIR ids and cursors.
#include <gtest/gtest.h>

#include "medication/index/fhir_id.hpp"
#include "medication/index/timestamps.hpp"
#include "medication/search/cursor.hpp"

namespace gateway::medication {
namespace {

TEST(Timestamps, FestTimeIsOsloLocalTime) {
  auto summer = parse_fest_timestamp("2023-06-05T03:11:16");
  ASSERT_TRUE(summer);
  EXPECT_EQ(summer->fhir, "2023-06-05T03:11:16+02:00");
  EXPECT_EQ(summer->epoch_seconds, 1685927476);
  auto winter = parse_fest_timestamp("2023-01-05T03:00:00");
  EXPECT_EQ(winter->fhir, "2023-01-05T03:00:00+01:00");
  EXPECT_EQ(parse_fest_timestamp("2023-06-05T03:11:16Z")->fhir, "2023-06-05T03:11:16+00:00");
  EXPECT_FALSE(parse_fest_timestamp("05.06.2023"));
  EXPECT_EQ(http_date(1685927476), "Mon, 05 Jun 2023 01:11:16 GMT");
}

TEST(Timestamps, SearchDatesCoverTheirPrecision) {
  auto day = parse_search_date("2023-06-05");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->end - day->begin, 86400);
  auto year = parse_search_date("2023");
  EXPECT_EQ(year->end - year->begin, 365 * 86400);
  EXPECT_TRUE(parse_search_date("2023-06-05T03:11:16+02:00"));
  EXPECT_FALSE(parse_search_date("2023-13"));
  EXPECT_FALSE(parse_search_date("tomorrow"));
}

TEST(FhirId, FestIdsBecomeValidStableIds) {
  EXPECT_EQ(fhir_id("", "ID_ABC-12"), "ID-ABC-12");
  EXPECT_EQ(fhir_id("mid-", "ID_ABC"), "mid-ID-ABC");
  const std::string long_id(100, 'x');
  EXPECT_EQ(fhir_id("", long_id).size(), 64u);
  EXPECT_EQ(fhir_id("", long_id), fhir_id("", long_id));
  EXPECT_NE(fhir_id("", long_id), fhir_id("", long_id + "y"));
}

TEST(Cursor, RoundTripsAndRejectsGarbage) {
  Cursor c{SortKey::name, true, "kodimagnyl æ", "ID-1", true};
  auto back = decode_cursor(encode_cursor(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sort, SortKey::name);
  EXPECT_TRUE(back->descending);
  EXPECT_EQ(back->key, "kodimagnyl æ");
  EXPECT_EQ(back->id, "ID-1");
  EXPECT_TRUE(back->before);
  EXPECT_FALSE(decode_cursor("!!!"));
  EXPECT_FALSE(decode_cursor("eyJ4IjoxfQ"));  // {"x":1}
}

}  // namespace
}  // namespace gateway::medication
