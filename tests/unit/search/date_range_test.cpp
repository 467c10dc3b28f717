// Precision ranges and time zones of FHIR dates.
#include <gtest/gtest.h>

#include "search/date_range.hpp"

namespace gateway::search {
namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t k2024 = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

DateRange range(std::string_view text) {
  auto parsed = parse_date_range(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(DateRange{});
}

TEST(DateRange, YearMonthDayCoverTheirWholeSpan) {
  EXPECT_EQ(range("2024").low, k2024);
  EXPECT_EQ(range("2024").high, k2024 + 366 * kDay - 1);  // leap year
  EXPECT_EQ(range("2024-02").low, k2024 + 31 * kDay);
  EXPECT_EQ(range("2024-02").high, k2024 + 60 * kDay - 1);
  EXPECT_EQ(range("2024-12").high, k2024 + 366 * kDay - 1);
  EXPECT_EQ(range("2024-03-01").low, k2024 + 60 * kDay);
  EXPECT_EQ(range("2024-03-01").high, k2024 + 61 * kDay - 1);
}

TEST(DateRange, TimesToTheMinuteSecondAndMillisecond) {
  const std::int64_t ten = k2024 + 10 * 3'600'000;
  EXPECT_EQ(range("2024-01-01T10:00Z").low, ten);
  EXPECT_EQ(range("2024-01-01T10:00Z").high, ten + 59'999);
  EXPECT_EQ(range("2024-01-01T10:00:05Z").low, ten + 5000);
  EXPECT_EQ(range("2024-01-01T10:00:05Z").high, ten + 5999);
  EXPECT_EQ(range("2024-01-01T10:00:05.123Z").low, ten + 5123);
  EXPECT_EQ(range("2024-01-01T10:00:05.123Z").high, ten + 5123);
  EXPECT_EQ(range("2024-01-01T10:00:05.1Z").high, ten + 5199);
  EXPECT_EQ(range("2024-01-01T10:00:05.123456Z").high, ten + 5123);
  EXPECT_EQ(range("2024-01-01T10:00:05").low, ten + 5000);  // no zone: UTC
}

TEST(DateRange, TimeZonesShiftToUtc) {
  const std::int64_t ten = k2024 + 10 * 3'600'000;
  EXPECT_EQ(range("2024-01-01T12:00:00+02:00").low, ten);
  EXPECT_EQ(range("2024-01-01T05:30:00-04:30").low, ten);
  EXPECT_EQ(range("2024-01-01T00:30:00+01:00").low, k2024 - 30 * 60'000);  // previous day
}

TEST(DateRange, RejectsWhatIsNotADate) {
  for (std::string_view bad :
       {"", "24", "2024-13", "2024-02-30", "2023-02-29", "2024-1-01", "2024-01-01T25:00Z",
        "2024-01-01T10:61Z", "2024-01-01T10:00:60Z", "2024-01-01T10", "2024-01-01T10:00+0200",
        "2024-01-01T10:00:00.Z", "2024-01-01 10:00", "2024-01-01T10:00:00+15:00", "abcd",
        "2024-01-01Z"}) {
    EXPECT_FALSE(parse_date_range(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace gateway::search
