// Splitting, unescaping and reading prefixes and decimals of search values.
#include "search/value_syntax.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace gateway::search {
namespace {

std::vector<std::string_view> split_unescaped(std::string_view value, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\') {
      ++i;
    } else if (value[i] == separator) {
      out.push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(value.substr(start));
  return out;
}

constexpr std::array<std::pair<std::string_view, storage::Prefix>, 9> kPrefixes{{
    {"eq", storage::Prefix::eq},
    {"ne", storage::Prefix::ne},
    {"gt", storage::Prefix::gt},
    {"lt", storage::Prefix::lt},
    {"ge", storage::Prefix::ge},
    {"le", storage::Prefix::le},
    {"sa", storage::Prefix::sa},
    {"eb", storage::Prefix::eb},
    {"ap", storage::Prefix::ap},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<std::string_view> split_alternatives(std::string_view value) {
  return split_unescaped(value, ',');
}

std::vector<std::string_view> split_pipes(std::string_view value) {
  return split_unescaped(value, '|');
}

std::string unescape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() &&
        (value[i + 1] == ',' || value[i + 1] == '|' || value[i + 1] == '$' ||
         value[i + 1] == '\\')) {
      ++i;
    }
    out.push_back(value[i]);
  }
  return out;
}

storage::Prefix take_prefix(std::string_view& value) {
  if (value.size() >= 2) {
    for (const auto& [text, prefix] : kPrefixes) {
      if (value.starts_with(text)) {
        value.remove_prefix(2);
        return prefix;
      }
    }
  }
  return storage::Prefix::eq;
}

std::optional<DecimalRange> parse_decimal_range(std::string_view text) {
  // [-+]digits[.digits][(e|E)[-+]digits], as FHIR decimals and search numbers are written.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == int_start) return std::nullopt;
  int decimals = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == frac_start) return std::nullopt;
    decimals = static_cast<int>(i - frac_start);
  }
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const char* first = text.data() + i + (i < text.size() && text[i] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), exponent);
    if (ec != std::errc() || ptr != text.data() + text.size() || exponent < -300 ||
        exponent > 300) {
      return std::nullopt;
    }
    i = text.size();
  }
  if (i != text.size()) return std::nullopt;
  const char* first = text.data() + (text.front() == '+' ? 1 : 0);
  double value = 0;
  auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  const double half = 0.5 * std::pow(10.0, exponent - decimals);
  return DecimalRange{value, value - half, value + half};
}

}  // namespace gateway::search
