// Building clauses per parameter type: token, string, date, number, quantity, reference, uri.
#include "search/clause_builder.hpp"

#include <algorithm>
#include <cstdlib>

#include "fhir/name_folding.hpp"
#include "search/date_range.hpp"
#include "search/value_syntax.hpp"

namespace gateway::search {
namespace {

using storage::Clause;
using storage::MatchValue;
using ClauseResult = gateway::Result<Clause, ClauseProblem>;
using ValueResult = gateway::Result<MatchValue, ClauseProblem>;

constexpr std::int64_t kDayMs = 86'400'000;

ClauseProblem invalid(std::string text) { return ClauseProblem{std::move(text), false}; }
ClauseProblem unsupported(std::string text) { return ClauseProblem{std::move(text), true}; }

bool is_resource_type_name(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() < 'A' || s.front() > 'Z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool is_fhir_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

bool is_identifier_param(const SearchParameter& param) {
  return param.code == "identifier" || param.expression.ends_with("identifier") ||
         param.expression.ends_with("Identifier");
}

gateway::Result<storage::TokenMatch, ClauseProblem> parse_token(std::string_view text,
                                                                bool of_type) {
  const auto parts = split_pipes(text);
  storage::TokenMatch match;
  if (of_type) {
    if (parts.size() != 3 || parts[1].empty() || parts[2].empty()) {
      return invalid(":of-type takes type-system|type-code|value");
    }
    match.of_type = unescape(parts[0]) + "|" + unescape(parts[1]);
    match.code = unescape(parts[2]);
    return match;
  }
  if (parts.size() > 2) return invalid("a token is code, system|code, |code or system|");
  if (parts.size() == 1) {
    if (parts[0].empty()) return invalid("empty token");
    match.code = unescape(parts[0]);
    return match;
  }
  if (parts[0].empty() && parts[1].empty()) return invalid("empty token");
  match.system = unescape(parts[0]);
  if (!parts[1].empty()) match.code = unescape(parts[1]);
  return match;
}

ValueResult token_value(const SearchParameter& param, std::string_view modifier,
                        std::string_view text) {
  const bool of_type = modifier == "of-type";
  if (of_type && !is_identifier_param(param)) {
    return invalid(":of-type applies to identifier parameters only");
  }
  auto token = parse_token(text, of_type);
  if (!token) return std::move(token).take_error();
  if (param.code == "_id" &&
      (token->system || !token->of_type.empty() || !token->code || !is_fhir_id(*token->code))) {
    return invalid("_id takes resource ids");
  }
  return MatchValue(std::move(*token));
}

ValueResult string_value(std::string_view modifier, std::string_view text) {
  storage::StringMatch match;
  const std::string value = unescape(text);
  if (value.empty()) return invalid("empty string value");
  if (modifier == "exact") {
    match.mode = storage::StringMatch::Mode::exact;
    match.value = value;
  } else {
    match.mode = modifier == "contains" ? storage::StringMatch::Mode::contains
                                        : storage::StringMatch::Mode::prefix;
    match.value = fhir::fold_name(value);
  }
  return MatchValue(std::move(match));
}

// After take_prefix: a value still starting with a letter had a prefix that is none of the
// nine comparators.
bool has_unknown_prefix(std::string_view text) {
  return !text.empty() &&
         ((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'));
}

ValueResult date_value(const ClauseContext& context, std::string_view text) {
  const storage::Prefix prefix = take_prefix(text);
  if (has_unknown_prefix(text)) {
    return invalid("unknown comparison prefix: use eq, ne, gt, lt, ge, le, sa, eb or ap");
  }
  auto range = parse_date_range(text);
  if (!range) {
    return invalid("a date is [prefix]YYYY[-MM[-DD[Thh:mm[:ss[.sss]][Z|+hh:mm]]]]");
  }
  if (prefix == storage::Prefix::ap) {
    return MatchValue(approximate_date(range->low, range->high, context.now_ms));
  }
  return MatchValue(storage::DateMatch{prefix, range->low, range->high});
}

ValueResult number_value(std::string_view text, bool quantity) {
  const storage::Prefix prefix = take_prefix(text);
  if (has_unknown_prefix(text)) {
    return invalid("unknown comparison prefix: use eq, ne, gt, lt, ge, le, sa, eb or ap");
  }
  const auto parts = split_pipes(text);
  if (parts.size() != 1 && !(quantity && parts.size() == 3)) {
    return invalid(quantity ? "a quantity is [prefix]number[|system|code]"
                            : "a number is [prefix]number");
  }
  auto range = parse_decimal_range(parts[0]);
  if (!range) return invalid("not a decimal number");
  storage::NumberMatch match{prefix, range->low, range->high, std::nullopt, std::nullopt};
  if (prefix != storage::Prefix::eq && prefix != storage::Prefix::ne &&
      prefix != storage::Prefix::ap) {
    // Ordering prefixes compare against the value as written, not its precision range.
    match.low = range->value;
    match.high = range->value;
  }
  if (prefix == storage::Prefix::ap) {
    const double widen = std::abs(range->value) * 0.1;
    match.low = range->value - widen;
    match.high = range->value + widen;
  }
  if (parts.size() == 3) {
    if (!parts[1].empty()) match.system = unescape(parts[1]);
    if (!parts[2].empty()) match.code = unescape(parts[2]);
  }
  return MatchValue(std::move(match));
}

bool allows_target(const SearchParameter& param, std::string_view type) {
  return param.targets.empty() ||
         std::find(param.targets.begin(), param.targets.end(), type) != param.targets.end();
}

ValueResult reference_value(const ClauseContext& context, const SearchParameter& param,
                            std::string_view modifier, std::string_view text) {
  storage::ReferenceMatch match;
  if (modifier == "identifier") {
    auto token = parse_token(text, false);
    if (!token) return std::move(token).take_error();
    if (!token->code) return invalid(":identifier takes system|value or value");
    match.identifier_system = token->system;
    match.identifier_value = *token->code;
    return MatchValue(std::move(match));
  }
  std::string value = unescape(text);
  const std::string own_base = std::string(context.base_url) + "/";
  if (!context.base_url.empty() && value.starts_with(own_base)) {
    value.erase(0, own_base.size());
  } else if (value.find("://") != std::string::npos || value.starts_with("urn:")) {
    if (!modifier.empty()) return invalid("a type modifier does not apply to an absolute URL");
    match.url = std::move(value);
    return MatchValue(std::move(match));
  }
  std::string_view rest = value;
  std::string_view type;
  std::string_view id = rest;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    type = rest.substr(0, slash);
    id = rest.substr(slash + 1);
    if (auto history = id.find("/_history/"); history != std::string_view::npos) {
      id = id.substr(0, history);
    }
  }
  if (!type.empty() && !is_resource_type_name(type)) return invalid("not Type/id, id or a URL");
  if (!is_fhir_id(id)) return invalid("not Type/id, id or a URL");
  if (!modifier.empty()) {
    if (!type.empty() && type != modifier) {
      return invalid("the reference type differs from the :" + std::string(modifier) + " modifier");
    }
    type = modifier;
  }
  if (!type.empty() && !allows_target(param, type)) {
    return invalid("this parameter does not refer to " + std::string(type));
  }
  match.target_type = std::string(type);
  match.target_id = std::string(id);
  return MatchValue(std::move(match));
}

ValueResult uri_value(std::string_view modifier, std::string_view text) {
  storage::UriMatch match;
  match.uri = unescape(text);
  if (match.uri.empty()) return invalid("empty uri");
  if (modifier == "below") match.mode = storage::UriMatch::Mode::below;
  if (modifier == "above") match.mode = storage::UriMatch::Mode::above;
  return MatchValue(std::move(match));
}

// Checks the modifier against the parameter type; sets `negate` for :not.
gateway::Result<bool, ClauseProblem> check_modifier(const SearchParameter& param,
                                                    std::string_view modifier) {
  if (modifier.empty()) return false;
  switch (param.type) {
    case ParamType::token:
      if (modifier == "not") return true;
      if (modifier == "of-type") return false;
      if (modifier == "text" || modifier == "in" || modifier == "not-in" || modifier == "above" ||
          modifier == "below" || modifier == "code-text") {
        return unsupported("the :" + std::string(modifier) + " modifier is not supported");
      }
      break;
    case ParamType::string:
      if (modifier == "exact" || modifier == "contains") return false;
      if (modifier == "text") return unsupported("the :text modifier is not supported");
      break;
    case ParamType::reference:
      if (modifier == "identifier") return false;
      if (is_resource_type_name(modifier)) {
        if (!allows_target(param, modifier)) {
          return invalid("this parameter does not refer to " + std::string(modifier));
        }
        return false;
      }
      if (modifier == "above" || modifier == "below") {
        return unsupported("the :" + std::string(modifier) + " modifier is not supported");
      }
      break;
    case ParamType::uri:
      if (modifier == "below" || modifier == "above") return false;
      break;
    case ParamType::date:
    case ParamType::number:
    case ParamType::quantity:
    case ParamType::composite:
    case ParamType::special:
      break;
  }
  return invalid("unknown modifier :" + std::string(modifier) + " for a " +
                 std::string(param_type_code(param.type)) + " parameter");
}

ValueResult one_value(const ClauseContext& context, const SearchParameter& param,
                      std::string_view modifier, std::string_view text) {
  switch (param.type) {
    case ParamType::token:
      return token_value(param, modifier, text);
    case ParamType::string:
      return string_value(modifier, text);
    case ParamType::date:
      return date_value(context, text);
    case ParamType::number:
      return number_value(text, false);
    case ParamType::quantity:
      return number_value(text, true);
    case ParamType::reference:
      return reference_value(context, param, modifier, text);
    case ParamType::uri:
      return uri_value(modifier, text);
    case ParamType::composite:
    case ParamType::special:
      break;
  }
  return unsupported("parameters of type " + std::string(param_type_code(param.type)) +
                     " are not supported");
}

}  // namespace

storage::DateMatch approximate_date(std::int64_t low, std::int64_t high, std::int64_t now_ms) {
  const std::int64_t middle = low + (high - low) / 2;
  const std::int64_t distance = middle > now_ms ? middle - now_ms : now_ms - middle;
  const std::int64_t widen = std::max(distance / 10, kDayMs);
  return storage::DateMatch{storage::Prefix::ap, low - widen, high + widen};
}

ClauseResult build_clause(const ClauseContext& context, const SearchParameter& param,
                          std::string_view modifier, std::string_view value) {
  Clause clause;
  clause.param = param.code;
  if (modifier == "missing") {
    if (value != "true" && value != "false") return invalid(":missing takes true or false");
    if (param.code == "_id" || param.code == "_lastUpdated") {
      return invalid(":missing does not apply to " + param.code);
    }
    clause.missing = value == "true";
    return clause;
  }
  auto negate = check_modifier(param, modifier);
  if (!negate) return std::move(negate).take_error();
  clause.negate = *negate;
  for (std::string_view alternative : split_alternatives(value)) {
    if (alternative.empty()) return invalid("empty value");
    auto match = one_value(context, param, modifier, alternative);
    if (!match) return std::move(match).take_error();
    clause.any_of.push_back(std::move(*match));
  }
  return clause;
}

}  // namespace gateway::search
