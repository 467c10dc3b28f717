// Validating _sort, _include and _revinclude against the registry.
#include "search/result_params.hpp"

#include <algorithm>

#include "search/value_syntax.hpp"

namespace gateway::search {
namespace {

std::optional<storage::SortKey::Kind> sort_kind(ParamType type) {
  using Kind = storage::SortKey::Kind;
  switch (type) {
    case ParamType::token:
      return Kind::token;
    case ParamType::string:
      return Kind::string;
    case ParamType::date:
      return Kind::date;
    case ParamType::number:
    case ParamType::quantity:
      return Kind::number;
    case ParamType::reference:
      return Kind::reference;
    case ParamType::uri:
      return Kind::uri;
    case ParamType::composite:
    case ParamType::special:
      break;
  }
  return std::nullopt;
}

std::vector<std::string_view> split_colons(std::string_view value) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t colon = value.find(':');
    parts.push_back(value.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    value.remove_prefix(colon + 1);
  }
}

bool refers_to(const SearchParameter& param, std::string_view type) {
  return param.targets.empty() ||
         std::find(param.targets.begin(), param.targets.end(), type) != param.targets.end();
}

}  // namespace

gateway::Result<std::vector<storage::SortKey>, std::string> parse_sort(
    const SearchRegistry& registry, std::string_view type, std::string_view value) {
  std::vector<storage::SortKey> keys;
  for (std::string_view key : split_alternatives(value)) {
    storage::SortKey sort;
    if (key.starts_with('-')) {
      sort.descending = true;
      key.remove_prefix(1);
    }
    if (key.empty()) return std::string("_sort takes a comma-separated list of parameters");
    if (key == "_lastUpdated") {
      sort.kind = storage::SortKey::Kind::last_updated;
    } else if (key == "_id") {
      sort.kind = storage::SortKey::Kind::id;
    } else {
      const SearchParameter* param = registry.find(type, key);
      if (!param) return "cannot sort by unknown parameter " + std::string(key);
      auto kind = sort_kind(param->type);
      if (!kind) return "cannot sort by " + std::string(key);
      sort.param = param->code;
      sort.kind = *kind;
    }
    if (std::any_of(keys.begin(), keys.end(), [&](const storage::SortKey& k) {
          return k.kind == sort.kind && k.param == sort.param;
        })) {
      return "_sort names " + std::string(key) + " twice";
    }
    keys.push_back(std::move(sort));
  }
  return keys;
}

gateway::Result<storage::Include, std::string> parse_include(const SearchRegistry& registry,
                                                             std::string_view type,
                                                             std::string_view value, bool reverse) {
  const auto parts = split_colons(value);
  if (value == "*") return std::string("the * wildcard is not supported");
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
    return std::string("takes Type:param or Type:param:targetType");
  }
  const std::string_view source = parts[0];
  const std::string_view target = parts.size() == 3 ? parts[2] : std::string_view();
  if (!registry.is_stored(source)) return "no stored resource type " + std::string(source);
  if (!reverse && source != type) {
    return "_include starts at the searched type " + std::string(type);
  }
  const SearchParameter* param = registry.find(source, parts[1]);
  if (!param || param->type != ParamType::reference) {
    return std::string(parts[1]) + " is not a reference parameter of " + std::string(source);
  }
  if (!target.empty()) {
    if (!registry.is_stored(target)) return "no stored resource type " + std::string(target);
    if (!refers_to(*param, target)) {
      return std::string(parts[1]) + " does not refer to " + std::string(target);
    }
    if (reverse && target != type) {
      return "_revinclude targets the searched type " + std::string(type);
    }
  }
  if (reverse && !refers_to(*param, type)) {
    return std::string(parts[1]) + " of " + std::string(source) + " does not refer to " +
           std::string(type);
  }
  return storage::Include{std::string(source), param->code, std::string(target), reverse};
}

}  // namespace gateway::search
