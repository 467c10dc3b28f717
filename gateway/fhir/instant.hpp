// FHIR instants as the store keeps them (milliseconds since the epoch, UTC) and as FHIR
// writes them ("2026-12-02T03:15:00.123Z"), and HTTP dates for Last-Modified.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gateway::fhir {

std::string format_instant(std::int64_t epoch_ms);
// The system clock now, in milliseconds since the epoch.
std::int64_t now_epoch_ms();
// A FHIR instant: YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm); nullopt when malformed.
std::optional<std::int64_t> parse_instant(std::string_view text);
std::string format_http_date_ms(std::int64_t epoch_ms);

}  // namespace gateway::fhir
