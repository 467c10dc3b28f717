// The lexical rules of FHIR search values: ',' separates alternatives, '|' separates token
// parts, '\' escapes either; comparison prefixes; decimal precision ranges.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/search_query.hpp"

namespace gateway::search {

// Splits on every ',' not escaped by '\'; parts keep their escapes.
std::vector<std::string_view> split_alternatives(std::string_view value);
// Splits on every '|' not escaped by '\'; parts keep their escapes.
std::vector<std::string_view> split_pipes(std::string_view value);
// Removes the escaping '\' before ',', '|', '$' and '\'.
std::string unescape(std::string_view value);

// Reads a two-letter comparison prefix (eq ne gt lt ge le sa eb ap) off the front of `value`;
// eq when there is none.
storage::Prefix take_prefix(std::string_view& value);

// A decimal as written and the range its significant digits imply: "100" -> [99.5, 100.5],
// "1.50" -> [1.495, 1.505]. nullopt when the text is not a decimal number.
struct DecimalRange {
  double value = 0;
  double low = 0;
  double high = 0;
};
std::optional<DecimalRange> parse_decimal_range(std::string_view text);

}  // namespace gateway::search
