// FHIR instants: formatting from and strict parsing to milliseconds since the epoch.
#include "fhir/instant.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

TEST(Instant, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_instant(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_instant(1'764'645'296'123), "2025-12-02T03:14:56.123Z");
  EXPECT_EQ(format_instant(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_instant(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Instant, ParsesWhatItFormatsAndHonoursOffsets) {
  for (std::int64_t ms : {0LL, 1'764'645'296'123LL, 951'782'400'000LL, -1LL}) {
    EXPECT_EQ(parse_instant(format_instant(ms)), ms) << ms;
  }
  EXPECT_EQ(parse_instant("2025-12-02T04:14:56.123+01:00"), 1'764'645'296'123);
  EXPECT_EQ(parse_instant("2025-12-02T01:14:56-02:00"), 1'764'645'296'000);
  EXPECT_EQ(parse_instant("2025-12-02T03:14:56.123456789Z"), 1'764'645'296'123);
}

TEST(Instant, RefusesWhatIsNotAnInstant) {
  for (const char* bad :
       {"", "2025", "2025-12-02", "2025-12-02T03:14", "2025-12-02T03:14:56", "2025-13-02T03:14:56Z",
        "2025-02-29T00:00:00Z", "2025-12-02T24:00:00Z", "2025-12-02T03:14:56.Z",
        "2025-12-02T03:14:56+1:00", "2025-12-02T03:14:56Zx", "2025-12-02 03:14:56Z",
        "2025-12-02T03:14:56+15:00"}) {
    EXPECT_FALSE(parse_instant(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace gateway::fhir
