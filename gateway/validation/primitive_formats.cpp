// Primitive type checks: the JSON kind of each primitive, then its lexical form.
#include "validation/primitive_formats.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace gateway::validation {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxStringBytes = 1024 * 1024;  // R4B: strings SHALL NOT exceed 1 MB

bool digit(char c) { return c >= '0' && c <= '9'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads `count` digits at `at`; false if any is not a digit.
bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// YYYY, YYYY-MM or YYYY-MM-DD at the start of `text`; returns the length read, 0 if none.
// `parts` receives how many of year, month, day were present.
std::size_t read_date(std::string_view text, int& parts, std::string& problem) {
  int year = 0;
  if (!digits(text, 0, 4, year)) return 0;
  if (year == 0) {
    problem = "year 0000";
    return 0;
  }
  parts = 1;
  if (text.size() == 4 || text[4] != '-') return 4;
  int month = 0;
  if (!digits(text, 5, 2, month)) return 0;
  if (month < 1 || month > 12) {
    problem = "month " + std::string(text.substr(5, 2));
    return 0;
  }
  parts = 2;
  if (text.size() == 7 || text[7] != '-') return 7;
  int day = 0;
  if (!digits(text, 8, 2, day)) return 0;
  if (day < 1 || day > days_in_month(year, month)) {
    problem = "day " + std::string(text.substr(8, 2));
    return 0;
  }
  parts = 3;
  return 10;
}

// hh:mm:ss(.s+)? at `at`; returns the length read, 0 if none.
std::size_t read_time(std::string_view text, std::size_t at, std::string& problem) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(text, at, 2, hour) || text.size() < at + 8 || text[at + 2] != ':' ||
      !digits(text, at + 3, 2, minute) || text[at + 5] != ':' || !digits(text, at + 6, 2, second)) {
    return 0;
  }
  if (hour > 23 || minute > 59 || second > 60) {
    problem = "time " + std::string(text.substr(at, 8));
    return 0;
  }
  std::size_t end = at + 8;
  if (end < text.size() && text[end] == '.') {
    const std::size_t fraction = ++end;
    while (end < text.size() && digit(text[end])) ++end;
    if (end == fraction) return 0;
  }
  return end - at;
}

// Z, +hh:mm or -hh:mm exactly filling the rest of `text` from `at`.
bool time_zone(std::string_view text, std::size_t at) {
  if (at >= text.size()) return false;
  if (text[at] == 'Z') return at + 1 == text.size();
  if (text[at] != '+' && text[at] != '-') return false;
  int hours = 0;
  int minutes = 0;
  if (text.size() != at + 6 || !digits(text, at + 1, 2, hours) || text[at + 3] != ':' ||
      !digits(text, at + 4, 2, minutes)) {
    return false;
  }
  return minutes <= 59 && (hours < 14 || (hours == 14 && minutes == 0));
}

std::string date_time_problem(std::string_view text, bool instant, bool date_only) {
  std::string problem;
  int parts = 0;
  const std::size_t date = read_date(text, parts, problem);
  const std::string what = instant ? "instant" : date_only ? "date" : "dateTime";
  if (date == 0) return "not a valid " + what + (problem.empty() ? "" : ": " + problem);
  if (date == text.size()) {
    if (instant) return "an instant needs a time and a time zone";
    return {};
  }
  if (date_only || parts != 3 || text[date] != 'T') return "not a valid " + what;
  const std::size_t time = read_time(text, date + 1, problem);
  if (time == 0) return "not a valid " + what + (problem.empty() ? "" : ": " + problem);
  if (!time_zone(text, date + 1 + time)) return "not a valid " + what + ": time zone";
  return {};
}

bool valid_code(std::string_view text) {
  // [^\s]+(\s[^\s]+)*: no leading, trailing or double whitespace
  if (text.empty() || space(text.front()) || space(text.back())) return false;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (space(text[i]) && space(text[i + 1])) return false;
  }
  return true;
}

bool valid_id(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    const bool ok =
        digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool valid_uri(std::string_view text) {
  for (char c : text) {
    if (space(c)) return false;
  }
  return !text.empty();
}

bool valid_oid(std::string_view text) {
  constexpr std::string_view kPrefix = "urn:oid:";
  if (!text.starts_with(kPrefix)) return false;
  text.remove_prefix(kPrefix.size());
  if (text.empty() || text[0] < '0' || text[0] > '2' || text.size() < 3 || text[1] != '.') {
    return false;
  }
  std::size_t i = 2;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && digit(text[i])) ++i;
    if (i == start || (text[start] == '0' && i - start > 1)) return false;
    if (i == text.size()) return true;
    if (text[i] != '.') return false;
    ++i;
  }
  return false;
}

bool valid_uuid(std::string_view text) {
  constexpr std::string_view kPrefix = "urn:uuid:";
  if (!text.starts_with(kPrefix) || text.size() != kPrefix.size() + 36) return false;
  text.remove_prefix(kPrefix.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = text[i];
    if (dash ? c != '-' : !(digit(c) || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool valid_base64(std::string_view text) {
  std::size_t count = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (space(c)) continue;
    const bool symbol =
        digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '/';
    if (c == '=') {
      ++padding;
    } else if (!symbol || padding > 0) {
      return false;
    }
    ++count;
  }
  return count > 0 && count % 4 == 0 && padding <= 2;
}

bool valid_time(std::string_view text) {
  std::string problem;
  return read_time(text, 0, problem) == text.size();
}

bool string_like(std::string_view type) {
  return type == "string" || type == "code" || type == "id" || type == "markdown" ||
         type == "uri" || type == "url" || type == "canonical" || type == "oid" || type == "uuid" ||
         type == "base64Binary" || type == "date" || type == "dateTime" || type == "instant" ||
         type == "time" || type == "xhtml";
}

std::string integer_problem(std::string_view type, const json& value) {
  if (!value.is_number_integer()) return "a " + std::string(type) + " must be a JSON integer";
  const std::int64_t n = value.is_number_unsigned()
                             ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                   value.get<std::uint64_t>(), std::uint64_t{1} << 40))
                             : value.get<std::int64_t>();
  if (n > std::numeric_limits<std::int32_t>::max() ||
      n < std::numeric_limits<std::int32_t>::min()) {
    return "integer out of range (32 bits)";
  }
  if (type == "positiveInt" && n < 1) return "a positiveInt must be at least 1";
  if (type == "unsignedInt" && n < 0) return "an unsignedInt must not be negative";
  return {};
}

}  // namespace

bool is_primitive_type(std::string_view type) {
  return string_like(type) || type == "boolean" || type == "integer" || type == "positiveInt" ||
         type == "unsignedInt" || type == "decimal" || type == "integer64";
}

std::string primitive_problem(std::string_view type, const json& value) {
  if (type == "boolean") return value.is_boolean() ? "" : "a boolean must be true or false";
  if (type == "integer" || type == "positiveInt" || type == "unsignedInt") {
    return integer_problem(type, value);
  }
  if (type == "decimal") return value.is_number() ? "" : "a decimal must be a JSON number";
  if (!string_like(type)) return {};
  if (!value.is_string()) return "a " + std::string(type) + " must be a JSON string";
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() > kMaxStringBytes) return "longer than 1 MB";
  if (type == "date") return date_time_problem(text, false, true);
  if (type == "dateTime") return date_time_problem(text, false, false);
  if (type == "instant") return date_time_problem(text, true, false);
  if (text.empty()) return "an empty string is not a value (leave the element out)";
  if (type == "code" && !valid_code(text)) return "not a valid code: whitespace";
  if (type == "id" && !valid_id(text)) return "not a valid id: 1-64 of A-Z a-z 0-9 - .";
  if ((type == "uri" || type == "url" || type == "canonical") && !valid_uri(text)) {
    return "not a valid " + std::string(type) + ": whitespace";
  }
  if (type == "oid" && !valid_oid(text)) return "not a valid oid (urn:oid:1.2.3)";
  if (type == "uuid" && !valid_uuid(text)) return "not a valid uuid (urn:uuid:, lower case)";
  if (type == "base64Binary" && !valid_base64(text)) return "not valid base64";
  if (type == "time" && !valid_time(text)) return "not a valid time (hh:mm:ss)";
  return {};
}

}  // namespace gateway::validation
