// Parsing of search parameters, modifiers, prefixes, _include/_revinclude, _sort and cursors.
#include "medication/search/query.hpp"

#include <algorithm>

#include "medication/index/search_parameters.hpp"

namespace gateway::medication {
namespace {

using fhir::ErrorKind;

fhir::Error bad(std::string_view name, std::string message) {
  return fhir::make_error(ErrorKind::invalid_search_param, std::move(message), std::string(name));
}

std::vector<std::string> split_values(std::string_view text) {
  // Comma separates alternatives; "\," is a literal comma.
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() &&
        (text[i + 1] == ',' || text[i + 1] == '\\' || text[i + 1] == '|' || text[i + 1] == '$')) {
      out.back().push_back(text[++i]);
    } else if (text[i] == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(text[i]);
    }
  }
  return out;
}

std::optional<DatePrefix> date_prefix(std::string_view& text) {
  static constexpr std::pair<std::string_view, DatePrefix> kPrefixes[] = {
      {"eq", DatePrefix::eq}, {"ne", DatePrefix::ne}, {"gt", DatePrefix::gt},
      {"ge", DatePrefix::ge}, {"lt", DatePrefix::lt}, {"le", DatePrefix::le},
      {"sa", DatePrefix::sa}, {"eb", DatePrefix::eb}};
  if (text.size() >= 2 && text[0] >= 'a' && text[0] <= 'z') {
    for (const auto& [code, prefix] : kPrefixes) {
      if (text.substr(0, 2) == code) {
        text.remove_prefix(2);
        return prefix;
      }
    }
    return std::nullopt;
  }
  return DatePrefix::eq;
}

fhir::Result<ParamClause> parse_clause(ResourceType type, std::string_view name,
                                       std::string_view modifier_text, std::string_view value) {
  const int index = find_search_param(type, name);
  if (index < 0) {
    return bad(name, "Unknown search parameter '" + std::string(name) + "' for " +
                         std::string(type_name(type)));
  }
  const SearchParamSpec& spec = search_params(type)[index];
  ParamClause clause;
  clause.param = index;
  const std::string full_name = modifier_text.empty()
                                    ? std::string(name)
                                    : std::string(name) + ":" + std::string(modifier_text);
  if (!modifier_text.empty()) {
    if (spec.type == ParamType::string && modifier_text == "exact")
      clause.modifier = Modifier::exact;
    else if (spec.type == ParamType::string && modifier_text == "contains")
      clause.modifier = Modifier::contains;
    else if (spec.type == ParamType::token && modifier_text == "below" && spec.below)
      clause.modifier = Modifier::below;
    else if (spec.type == ParamType::reference) {
      auto target = parse_type_name(modifier_text);
      if (!target ||
          std::find(spec.targets.begin(), spec.targets.end(), *target) == spec.targets.end()) {
        std::string message = "'";
        message.append(modifier_text).append("' is not a target type of ").append(name);
        return bad(full_name, std::move(message));
      }
      clause.modifier = Modifier::type;
      clause.type_modifier = target;
    } else {
      return bad(full_name, "Modifier ':" + std::string(modifier_text) + "' is not supported on " +
                                std::string(name));
    }
  }
  for (std::string& raw : split_values(value)) {
    ParamValue v;
    if (raw.empty()) return bad(full_name, "Empty value for search parameter " + full_name);
    switch (spec.type) {
      case ParamType::token: {
        const std::size_t bar = raw.find('|');
        if (bar != std::string::npos) {
          v.has_system = true;
          v.system = raw.substr(0, bar);
          v.code = raw.substr(bar + 1);
        } else {
          v.code = raw;
        }
        if (v.code.empty() && (!v.has_system || v.system.empty())) {
          return bad(full_name, "Malformed token value '" + raw + "'");
        }
        if (clause.modifier == Modifier::below && v.code.empty()) {
          return bad(full_name, ":below needs a code");
        }
        break;
      }
      case ParamType::string:
      case ParamType::reference:
        v.text = raw;
        break;
      case ParamType::date: {
        std::string_view text = raw;
        auto prefix = date_prefix(text);
        auto range = prefix ? parse_search_date(text) : std::nullopt;
        if (!range) return bad(full_name, "Malformed date value '" + raw + "'");
        v.prefix = *prefix;
        v.range = *range;
        break;
      }
    }
    clause.values.push_back(std::move(v));
  }
  return clause;
}

// "Type:param[:Target]" for _include (source must be `type`) or _revinclude (target may be
// `type`).
fhir::Result<IncludeSpec> parse_include(ResourceType type, std::string_view name,
                                        std::string_view value, bool reverse) {
  std::vector<std::string> parts;
  std::string_view rest = value;
  while (true) {
    const std::size_t colon = rest.find(':');
    parts.emplace_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return bad(name, std::string(name) + " takes Type:parameter[:TargetType]");
  }
  auto source = parse_type_name(parts[0]);
  if (!source) return bad(name, "Unknown resource type '" + parts[0] + "' in " + std::string(name));
  const int param = find_search_param(*source, parts[1]);
  if (param < 0 || search_params(*source)[param].type != ParamType::reference) {
    return bad(name, "'" + parts[1] + "' is not a reference parameter of " + parts[0]);
  }
  const auto& targets = search_params(*source)[param].targets;
  IncludeSpec spec{*source, param, std::nullopt};
  if (parts.size() == 3) {
    auto target = parse_type_name(parts[2]);
    if (!target || std::find(targets.begin(), targets.end(), *target) == targets.end()) {
      return bad(name, "'" + parts[2] + "' is not a target of " + parts[0] + ":" + parts[1]);
    }
    spec.target = target;
  }
  if (!reverse && *source != type) {
    return bad(name, "_include must start with the searched type " + std::string(type_name(type)));
  }
  if (reverse && std::find(targets.begin(), targets.end(), type) == targets.end()) {
    return bad(name,
               parts[0] + ":" + parts[1] + " does not refer to " + std::string(type_name(type)));
  }
  if (reverse && spec.target && *spec.target != type) {
    return bad(name, "_revinclude target must be " + std::string(type_name(type)));
  }
  return spec;
}

std::optional<fhir::Error> parse_sort(ResourceType type, const std::vector<std::string>& keys,
                                      SearchQuery& query) {
  if (keys.empty()) return std::nullopt;
  if (keys.size() > 1) return bad("_sort", "Only one _sort key is supported");
  std::string_view key = keys.front();
  query.descending = !key.empty() && key.front() == '-';
  if (query.descending) key.remove_prefix(1);
  const auto sort = parse_sort_code(key);
  if (!sort || (*sort == SortKey::name && find_search_param(type, "name") < 0)) {
    return bad("_sort",
               "Cannot sort " + std::string(type_name(type)) + " by '" + std::string(key) + "'");
  }
  query.sort = *sort;
  return std::nullopt;
}

fhir::Result<fhir::CommonSearchParams> parse_common_lenient(fhir::QueryParams& params, bool lenient,
                                                            const fhir::PagingLimits& limits,
                                                            std::vector<fhir::Issue>& ignored) {
  while (true) {
    auto common = fhir::parse_common_search_params(params, limits);
    if (common.ok() || !lenient) return common;
    const std::string name = common.error().expression;
    ignored.push_back({"warning", "invalid", common.error().diagnostics, name});
    const auto before = params.size();
    std::erase_if(params, [&](const auto& p) { return p.first == name; });
    if (params.size() == before) return common;
  }
}

}  // namespace

fhir::Result<SearchQuery> parse_search_query(ResourceType type, const fhir::QueryParams& params,
                                             bool lenient, const fhir::PagingLimits& limits) {
  SearchQuery query;
  query.type = type;
  fhir::QueryParams remaining = params;
  auto common = parse_common_lenient(remaining, lenient, limits, query.ignored);
  if (!common) return std::move(common).take_error();
  query.common = std::move(common.value());

  auto reject = [&](fhir::Error error) -> std::optional<fhir::Error> {
    if (!lenient) return error;
    query.ignored.push_back({"warning", "invalid", error.diagnostics, error.expression});
    return std::nullopt;
  };

  for (const auto& [full_name, value] : remaining) {
    const std::size_t colon = full_name.find(':');
    const std::string_view name = std::string_view(full_name).substr(0, colon);
    const std::string_view modifier = colon == std::string::npos
                                          ? std::string_view()
                                          : std::string_view(full_name).substr(colon + 1);
    if (name == "_page_token" || name == "_format" || name == "_pretty") continue;
    if (fhir::is_common_search_param(name)) {
      if (!modifier.empty()) {
        if (auto e = reject(bad(full_name, "Modifiers are not allowed on " + std::string(name))))
          return *e;
        continue;
      }
      if (name == "_sort") {
        if (auto e = parse_sort(type, query.common.sort, query)) {
          if (auto r = reject(*e)) return *r;
          query.sort = SortKey::id;
          query.descending = false;
          continue;
        }
      }
      query.applied.emplace_back(full_name, value);
      continue;
    }
    if (name == "_include" || name == "_revinclude") {
      if (!modifier.empty() && modifier != "iterate") {
        if (auto e = reject(bad(full_name, "Unknown modifier on " + std::string(name)))) return *e;
        continue;
      }
      if (modifier == "iterate") {
        if (auto e = reject(bad(full_name, ":iterate is not supported"))) return *e;
        continue;
      }
      auto spec = parse_include(type, name, value, name == "_revinclude");
      if (!spec) {
        if (auto e = reject(spec.error())) return *e;
        continue;
      }
      (name == "_include" ? query.includes : query.revincludes).push_back(*spec);
      query.applied.emplace_back(full_name, value);
      continue;
    }
    auto clause = parse_clause(type, name, modifier, value);
    if (!clause) {
      if (auto e = reject(clause.error())) return *e;
      continue;
    }
    query.clauses.push_back(std::move(clause.value()));
    query.applied.emplace_back(full_name, value);
  }

  if (query.common.page_token) {
    auto cursor = decode_cursor(*query.common.page_token);
    if (!cursor || cursor->sort != query.sort || cursor->descending != query.descending) {
      if (auto e = reject(bad("_page_token", "The _page_token is not valid for this search")))
        return *e;
    } else {
      query.cursor = std::move(cursor);
    }
  }
  return query;
}

}  // namespace gateway::medication
