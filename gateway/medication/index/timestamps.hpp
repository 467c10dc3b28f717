// FEST timestamps (local Norwegian time without offset) as FHIR instants, epoch seconds and
// HTTP dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gateway::medication {

struct Instant {
  std::string fhir;            // "2023-06-05T03:11:16+02:00"
  std::int64_t epoch_seconds;  // UTC
};

// Parses an xs:dateTime. Without an offset it is read as Europe/Oslo local time (the FEST
// convention). nullopt when malformed.
std::optional<Instant> parse_fest_timestamp(std::string_view text);
// Parses a FHIR search date/dateTime ("2023", "2023-06", "2023-06-05", "2023-06-05T03:11",
// "2023-06-05T03:11:16Z", ...) into the half-open range [begin, end) of epoch seconds it covers.
// Without an offset the time is read as UTC.
struct EpochRange {
  std::int64_t begin;
  std::int64_t end;
};
std::optional<EpochRange> parse_search_date(std::string_view text);
// RFC 9110 IMF-fixdate, e.g. "Mon, 05 Jun 2023 01:11:16 GMT".
std::string http_date(std::int64_t epoch_seconds);
// True when `text` is a valid FHIR date (YYYY, YYYY-MM or YYYY-MM-DD).
bool is_fhir_date(std::string_view text);

}  // namespace gateway::medication
