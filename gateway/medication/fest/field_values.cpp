// Conversions from XML element content to the FEST model's value types (Coded, PQ, numbers).
#include "medication/fest/field_values.hpp"

#include <charconv>

namespace gateway::medication {
namespace {

double parse_double(std::string_view text) {
  double value = 0.0;
  const char* begin = text.data();
  if (!text.empty() && *begin == '+') ++begin;
  std::from_chars(begin, text.data() + text.size(), value);
  return value;
}

}  // namespace

std::optional<std::string> to_text(std::string_view text) { return std::string(text); }

Coded to_coded(const KithAttributes& attributes) {
  return Coded{attributes.v, attributes.s, attributes.dn, attributes.ot};
}

PhysicalQuantity to_quantity(const KithAttributes& attributes) {
  return PhysicalQuantity{parse_double(attributes.v), attributes.u, attributes.v};
}

Decimal to_decimal(std::string_view text) { return Decimal{parse_double(text), std::string(text)}; }

std::optional<bool> to_bool(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  const char* begin = text.data();
  if (!text.empty() && *begin == '+') ++begin;
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace gateway::medication
