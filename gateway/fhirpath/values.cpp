// Equality, equivalence and ordering of FHIRPath values: numbers, strings, booleans,
// date/dateTime/time with precision and time zones, quantities; complex values by content.
#include "fhirpath/values.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string_view>

namespace gateway::fhirpath {

namespace {

ValueKind kind_of_type(const TypeInfo& type) {
  const TypeInfo* system = type.kind == TypeKind::system ? &type : type.system_type;
  if (system == nullptr) {
    for (const TypeInfo* t = &type; t != nullptr; t = t->base) {
      if (t->name == "Quantity") return ValueKind::quantity;
    }
    return ValueKind::other;
  }
  const std::string& name = system->name;
  if (name == "Boolean") return ValueKind::boolean;
  if (name == "Integer") return ValueKind::integer;
  if (name == "Decimal") return ValueKind::decimal;
  if (name == "Date" || name == "DateTime") return ValueKind::date_time;
  if (name == "Time") return ValueKind::time;
  if (name == "Quantity") return ValueKind::quantity;
  return ValueKind::string;
}

// A date, dateTime, instant or time split into its parts.
struct DateTime {
  std::array<int, 7> parts{};  // year, month, day, hour, minute, second, millisecond
  int precision = 0;           // number of parts present; seconds include milliseconds
  bool has_zone = false;
  int zone_minutes = 0;
};

int read_digits(std::string_view text, std::size_t& at, std::size_t count) {
  int value = 0;
  for (std::size_t i = 0; i < count; ++i, ++at) {
    if (at >= text.size() || std::isdigit(static_cast<unsigned char>(text[at])) == 0) return -1;
    value = value * 10 + (text[at] - '0');
  }
  return value;
}

std::optional<DateTime> parse_date_time(std::string_view text, bool time_only) {
  DateTime result;
  std::size_t at = 0;
  int first_part = 0;
  if (time_only) {
    first_part = 3;
  } else {
    result.parts[0] = read_digits(text, at, 4);
    if (result.parts[0] < 0) return std::nullopt;
    result.precision = 1;
    for (int part = 1; part < 3 && at < text.size() && text[at] == '-'; ++part) {
      ++at;
      result.parts[part] = read_digits(text, at, 2);
      if (result.parts[part] < 0) return std::nullopt;
      result.precision = part + 1;
    }
    if (at >= text.size()) return result;
    if (text[at] != 'T') return std::nullopt;
    ++at;
    first_part = 3;
  }
  if (at >= text.size()) return result;
  for (int part = first_part; part < 6; ++part) {
    if (part > first_part) {
      if (at >= text.size() || text[at] != ':') break;
      ++at;
    }
    result.parts[part] = read_digits(text, at, 2);
    if (result.parts[part] < 0) return std::nullopt;
    result.precision = part + 1;
  }
  if (at < text.size() && text[at] == '.') {
    ++at;
    int scale = 100;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0) {
      result.parts[6] += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
  }
  if (at < text.size()) {
    if (text[at] == 'Z') {
      result.has_zone = true;
    } else if (text[at] == '+' || text[at] == '-') {
      const int sign = text[at] == '-' ? -1 : 1;
      ++at;
      const int hours = read_digits(text, at, 2);
      if (hours < 0 || at >= text.size() || text[at] != ':') return std::nullopt;
      ++at;
      const int minutes = read_digits(text, at, 2);
      if (minutes < 0) return std::nullopt;
      result.has_zone = true;
      result.zone_minutes = sign * (hours * 60 + minutes);
    }
  }
  return result;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<int> compare_date_times(const DateTime& left, const DateTime& right) {
  const int precision = std::min(left.precision, right.precision);
  if (left.has_zone && right.has_zone && precision >= 5) {
    const auto utc_minutes = [](const DateTime& value) {
      return days_from_civil(value.parts[0], static_cast<unsigned>(value.parts[1]),
                             static_cast<unsigned>(value.parts[2])) *
                 1440 +
             value.parts[3] * 60 + value.parts[4] - value.zone_minutes;
    };
    const std::int64_t l = utc_minutes(left);
    const std::int64_t r = utc_minutes(right);
    if (l != r) return l < r ? -1 : 1;
  } else {
    for (int part = 0; part < std::min(precision, 5); ++part) {
      if (left.parts[part] != right.parts[part])
        return left.parts[part] < right.parts[part] ? -1 : 1;
    }
  }
  if (precision >= 6) {
    for (int part = 5; part < 7; ++part) {
      if (left.parts[part] != right.parts[part])
        return left.parts[part] < right.parts[part] ? -1 : 1;
    }
  }
  if (left.precision != right.precision) return std::nullopt;
  return 0;
}

std::string normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<DateTime> date_time_of(const Item& item, ValueKind kind) {
  if (!item.node->is_string()) return std::nullopt;
  return parse_date_time(item.node->get_ref<const std::string&>(), kind == ValueKind::time);
}

std::string unit_of(const nlohmann::json& quantity) {
  if (quantity.contains("code") && quantity["code"].is_string()) return quantity["code"];
  return quantity.value("unit", "");
}

}  // namespace

ValueKind value_kind(const Item& item) {
  const nlohmann::json& node = *item.node;
  if (item.type != nullptr) {
    const ValueKind kind = kind_of_type(*item.type);
    if (kind != ValueKind::other) return kind;
  }
  if (node.is_boolean()) return ValueKind::boolean;
  if (node.is_number_integer()) return ValueKind::integer;
  if (node.is_number()) return ValueKind::decimal;
  if (node.is_string()) return ValueKind::string;
  return ValueKind::other;
}

bool is_numeric(ValueKind kind) { return kind == ValueKind::integer || kind == ValueKind::decimal; }

double number_of(const Item& item) {
  return item.node->is_number() ? item.node->get<double>() : 0.0;
}

std::optional<int> compare(const Item& left, const Item& right) {
  const ValueKind l = value_kind(left);
  const ValueKind r = value_kind(right);
  if (is_numeric(l) && is_numeric(r)) {
    if (!left.node->is_number() || !right.node->is_number()) return std::nullopt;
    const double a = number_of(left);
    const double b = number_of(right);
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  if (l != r) return std::nullopt;
  switch (l) {
    case ValueKind::string: {
      if (!left.node->is_string() || !right.node->is_string()) return std::nullopt;
      const int c = left.node->get_ref<const std::string&>().compare(
          right.node->get_ref<const std::string&>());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case ValueKind::date_time:
    case ValueKind::time: {
      const auto a = date_time_of(left, l);
      const auto b = date_time_of(right, r);
      if (!a || !b) return std::nullopt;
      return compare_date_times(*a, *b);
    }
    case ValueKind::quantity: {
      if (unit_of(*left.node) != unit_of(*right.node)) return std::nullopt;
      const double a = left.node->value("value", 0.0);
      const double b = right.node->value("value", 0.0);
      return a < b ? -1 : (a > b ? 1 : 0);
    }
    case ValueKind::boolean:
      if (!left.node->is_boolean() || !right.node->is_boolean()) return std::nullopt;
      return static_cast<int>(left.node->get<bool>()) - static_cast<int>(right.node->get<bool>());
    default:
      return std::nullopt;
  }
}

std::optional<bool> equal(const Item& left, const Item& right) {
  if (left.node == right.node) return true;  // the same node (%resource = %rootResource)
  const ValueKind l = value_kind(left);
  const ValueKind r = value_kind(right);
  if (l == ValueKind::other || r == ValueKind::other) return *left.node == *right.node;
  if ((l == ValueKind::date_time || l == ValueKind::time) && l == r) {
    const auto order = compare(left, right);
    if (!order) return std::nullopt;
    return *order == 0;
  }
  if (l != r && !(is_numeric(l) && is_numeric(r))) return false;
  const auto order = compare(left, right);
  return order && *order == 0;
}

bool equivalent(const Item& left, const Item& right) {
  const ValueKind l = value_kind(left);
  const ValueKind r = value_kind(right);
  if (l == ValueKind::string && r == ValueKind::string && left.node->is_string() &&
      right.node->is_string()) {
    return normalised(left.node->get_ref<const std::string&>()) ==
           normalised(right.node->get_ref<const std::string&>());
  }
  if (is_numeric(l) && is_numeric(r)) {
    return std::fabs(number_of(left) - number_of(right)) < 1e-9;
  }
  if (l == ValueKind::date_time || l == ValueKind::time) {
    const auto order = compare(left, right);
    return order && *order == 0;
  }
  const auto same = equal(left, right);
  return same && *same;
}

std::optional<std::string> string_of(const Item& item) {
  const nlohmann::json& node = *item.node;
  if (node.is_string()) return node.get<std::string>();
  if (node.is_boolean()) return node.get<bool>() ? "true" : "false";
  if (node.is_number()) return node.dump();
  if (value_kind(item) == ValueKind::quantity) {
    std::string text = node.contains("value") ? node["value"].dump() : "";
    const std::string unit = unit_of(node);
    if (!unit.empty()) text += " '" + unit + "'";
    return text;
  }
  return std::nullopt;
}

}  // namespace gateway::fhirpath
