// The SearchParamType codes (http://hl7.org/fhir/search-param-type).
#include "search/search_parameter.hpp"

#include <array>
#include <utility>

namespace gateway::search {
namespace {

constexpr std::array<std::pair<std::string_view, ParamType>, 9> kCodes{{
    {"token", ParamType::token},
    {"string", ParamType::string},
    {"date", ParamType::date},
    {"reference", ParamType::reference},
    {"uri", ParamType::uri},
    {"number", ParamType::number},
    {"quantity", ParamType::quantity},
    {"composite", ParamType::composite},
    {"special", ParamType::special},
}};

}  // namespace

std::optional<ParamType> param_type_from_code(std::string_view code) {
  for (const auto& [text, type] : kCodes) {
    if (text == code) return type;
  }
  return std::nullopt;
}

std::string_view param_type_code(ParamType type) {
  for (const auto& [text, value] : kCodes) {
    if (value == type) return text;
  }
  return {};
}

}  // namespace gateway::search
