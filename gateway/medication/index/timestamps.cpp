// Date and time conversion for FEST timestamps, search dates and HTTP headers.
#include "medication/index/timestamps.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace gateway::medication {
namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

// Day number of the last Sunday of `month` in `year`.
std::int64_t last_sunday(std::int64_t year, unsigned month) {
  const std::int64_t next_first =
      month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  const std::int64_t last = next_first - 1;
  const std::int64_t weekday = (last + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
  return last - (weekday < 0 ? weekday + 7 : weekday);
}

// Europe/Oslo UTC offset in seconds for a local wall-clock time (EU summer time rules).
int oslo_offset_seconds(std::int64_t year, std::int64_t local_epoch) {
  const std::int64_t summer_start = last_sunday(year, 3) * 86400 + 2 * 3600;
  const std::int64_t summer_end = last_sunday(year, 10) * 86400 + 3 * 3600;
  return (local_epoch >= summer_start && local_epoch < summer_end) ? 7200 : 3600;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool digits(std::size_t n, int& out) {
    if (pos_ + n > text_.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += n;
    out = v;
    return true;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool at_end() const { return pos_ == text_.size(); }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_fraction() {
    if (!literal('.')) return;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Reads "Z" or "+hh:mm"/"-hh:mm"; nullopt offset when none; false when malformed.
bool read_offset(Scanner& s, std::optional<int>& offset) {
  if (s.at_end()) return true;
  if (s.literal('Z')) {
    offset = 0;
    return s.at_end();
  }
  char sign = s.peek();
  if (sign != '+' && sign != '-') return false;
  s.literal(sign);
  int hh = 0;
  int mm = 0;
  if (!s.digits(2, hh) || !s.literal(':') || !s.digits(2, mm) || !s.at_end()) return false;
  offset = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
  return true;
}

bool valid_date(int month, int day) { return month >= 1 && month <= 12 && day >= 1 && day <= 31; }

std::string format_offset(int seconds) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", seconds < 0 ? '-' : '+', std::abs(seconds) / 3600,
                (std::abs(seconds) % 3600) / 60);
  return buf;
}

}  // namespace

std::optional<Instant> parse_fest_timestamp(std::string_view text) {
  Scanner s(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!s.digits(4, y) || !s.literal('-') || !s.digits(2, mo) || !s.literal('-') ||
      !s.digits(2, d) || !valid_date(mo, d)) {
    return std::nullopt;
  }
  if (s.literal('T')) {
    if (!s.digits(2, h) || !s.literal(':') || !s.digits(2, mi) || !s.literal(':') ||
        !s.digits(2, se) || h > 23 || mi > 59 || se > 60) {
      return std::nullopt;
    }
    s.skip_fraction();
  }
  std::optional<int> offset;
  if (!read_offset(s, offset)) return std::nullopt;
  const std::int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  const int off = offset ? *offset : oslo_offset_seconds(y, local);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, se);
  return Instant{std::string(buf) + format_offset(off), local - off};
}

std::optional<EpochRange> parse_search_date(std::string_view text) {
  Scanner s(text);
  int y = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0;
  if (!s.digits(4, y)) return std::nullopt;
  std::int64_t span = 0;
  auto begin_of = [&] { return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se; };
  if (s.at_end()) {
    return EpochRange{days_from_civil(y, 1, 1) * 86400, days_from_civil(y + 1, 1, 1) * 86400};
  }
  if (!s.literal('-') || !s.digits(2, mo) || mo < 1 || mo > 12) return std::nullopt;
  if (s.at_end()) {
    const std::int64_t next =
        mo == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, mo + 1, 1);
    return EpochRange{days_from_civil(y, mo, 1) * 86400, next * 86400};
  }
  if (!s.literal('-') || !s.digits(2, d) || !valid_date(mo, d)) return std::nullopt;
  if (s.at_end()) return EpochRange{begin_of(), begin_of() + 86400};
  if (!s.literal('T') || !s.digits(2, h) || !s.literal(':') || !s.digits(2, mi) || h > 23 ||
      mi > 59) {
    return std::nullopt;
  }
  span = 60;
  if (s.literal(':')) {
    if (!s.digits(2, se) || se > 60) return std::nullopt;
    span = 1;
    s.skip_fraction();
  }
  std::optional<int> offset;
  if (!read_offset(s, offset)) return std::nullopt;
  const std::int64_t begin = begin_of() - offset.value_or(0);
  return EpochRange{begin, begin + span};
}

std::string http_date(std::int64_t epoch_seconds) {
  static constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                       "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = epoch_seconds / 86400;
  std::int64_t secs = epoch_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const Civil c = civil_from_days(days);
  const std::int64_t wd = ((days % 7) + 7) % 7;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02lld:%02lld:%02lld GMT", kDays[wd], c.day,
                kMonths[c.month - 1], static_cast<long long>(c.year),
                static_cast<long long>(secs / 3600), static_cast<long long>((secs % 3600) / 60),
                static_cast<long long>(secs % 60));
  return buf;
}

bool is_fhir_date(std::string_view text) {
  Scanner s(text);
  int y = 0, mo = 1, d = 1;
  if (!s.digits(4, y)) return false;
  if (s.at_end()) return true;
  if (!s.literal('-') || !s.digits(2, mo) || mo < 1 || mo > 12) return false;
  if (s.at_end()) return true;
  return s.literal('-') && s.digits(2, d) && valid_date(mo, d) && s.at_end();
}

}  // namespace gateway::medication
