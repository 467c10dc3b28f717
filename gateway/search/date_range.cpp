// Parsing FHIR dates to precision ranges with std::chrono's civil calendar.
#include "search/date_range.hpp"

#include <chrono>
#include <cstddef>

namespace gateway::search {
namespace {

// Reads exactly `width` decimal digits at text[pos]; nullopt otherwise.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::int64_t epoch_ms(const std::chrono::year_month_day& day) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::sys_days(day).time_since_epoch())
      .count();
}

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// The zone designator at text[pos] to the end: "Z", "+hh:mm" or "-hh:mm", or nothing.
std::optional<std::int64_t> read_zone_offset_ms(std::string_view text, std::size_t pos) {
  if (pos == text.size()) return 0;
  if (text.substr(pos) == "Z") return 0;
  if (text.size() - pos != 6 || (text[pos] != '+' && text[pos] != '-') || text[pos + 3] != ':') {
    return std::nullopt;
  }
  auto hours = read_digits(text, pos + 1, 2);
  auto minutes = read_digits(text, pos + 4, 2);
  if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
  const std::int64_t offset = *hours * kHourMs + *minutes * kMinuteMs;
  return text[pos] == '-' ? -offset : offset;
}

// The time part after 'T' at text[pos]: the start of the range (ms after local midnight)
// and its width.
std::optional<DateRange> read_time(std::string_view text, std::size_t& pos) {
  auto hour = read_digits(text, pos, 2);
  if (!hour || pos + 2 >= text.size() || text[pos + 2] != ':') return std::nullopt;
  auto minute = read_digits(text, pos + 3, 2);
  if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
  pos += 5;
  std::int64_t start = *hour * kHourMs + *minute * kMinuteMs;
  std::int64_t width = kMinuteMs;
  if (pos < text.size() && text[pos] == ':') {
    auto second = read_digits(text, pos + 1, 2);
    if (!second || *second > 59) return std::nullopt;
    pos += 3;
    start += *second * 1000;
    width = 1000;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      std::size_t digits = 0;
      std::int64_t scale = 100;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) {
          start += (text[pos] - '0') * scale;
          scale /= 10;
          width /= 10;
        }
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
    }
  }
  return DateRange{start, start + width - 1};
}

}  // namespace

std::optional<DateRange> parse_date_range(std::string_view text) {
  using std::chrono::day;
  using std::chrono::month;
  using std::chrono::year;
  using std::chrono::year_month_day;
  auto y = read_digits(text, 0, 4);
  if (!y) return std::nullopt;
  if (text.size() == 4) {
    return DateRange{epoch_ms(year_month_day{year(*y), month(1), day(1)}),
                     epoch_ms(year_month_day{year(*y + 1), month(1), day(1)}) - 1};
  }
  if (text[4] != '-') return std::nullopt;
  auto m = read_digits(text, 5, 2);
  if (!m || *m < 1 || *m > 12) return std::nullopt;
  if (text.size() == 7) {
    const year_month_day first{year(*y), month(static_cast<unsigned>(*m)), day(1)};
    const year_month_day next = *m == 12 ? year_month_day{year(*y + 1), month(1), day(1)}
                                         : year_month_day{year(*y), month(*m + 1u), day(1)};
    return DateRange{epoch_ms(first), epoch_ms(next) - 1};
  }
  if (text.size() < 10 || text[7] != '-') return std::nullopt;
  auto d = read_digits(text, 8, 2);
  if (!d) return std::nullopt;
  const year_month_day date{year(*y), month(static_cast<unsigned>(*m)),
                            day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  const std::int64_t midnight = epoch_ms(date);
  if (text.size() == 10) return DateRange{midnight, midnight + kDayMs - 1};
  if (text[10] != 'T') return std::nullopt;
  std::size_t pos = 11;
  auto time = read_time(text, pos);
  if (!time) return std::nullopt;
  auto offset = read_zone_offset_ms(text, pos);
  if (!offset) return std::nullopt;
  return DateRange{midnight + time->low - *offset, midnight + time->high - *offset};
}

}  // namespace gateway::search
