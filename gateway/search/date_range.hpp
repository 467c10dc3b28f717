// FHIR date, dateTime and instant text to the span of time it covers (its precision range),
// in milliseconds since the epoch (UTC): the one place both index extraction and query parsing
// read dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gateway::search {

// Both ends inclusive: "2024" covers 2024-01-01T00:00:00.000Z .. 2024-12-31T23:59:59.999Z.
struct DateRange {
  std::int64_t low = 0;
  std::int64_t high = 0;
};

// Reads YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh:mm]. A time without
// a zone is read as UTC. Fractions beyond milliseconds are truncated. nullopt when the text is
// not such a value or names no real calendar day/time.
std::optional<DateRange> parse_date_range(std::string_view text);

}  // namespace gateway::search
