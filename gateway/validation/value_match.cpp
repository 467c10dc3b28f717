// Pattern containment and dotted-path navigation over JSON.
#include "validation/value_match.hpp"

namespace gateway::validation {

using nlohmann::json;

bool matches_pattern(const json& pattern, const json& value) {
  if (pattern.is_object()) {
    if (!value.is_object()) return false;
    for (const auto& [key, expected] : pattern.items()) {
      const auto found = value.find(key);
      if (found == value.end() || !matches_pattern(expected, *found)) return false;
    }
    return true;
  }
  if (pattern.is_array()) {
    if (!value.is_array()) return false;
    for (const auto& expected : pattern) {
      bool any = false;
      for (const auto& candidate : value) {
        if (matches_pattern(expected, candidate)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    return true;
  }
  if (pattern.is_number() && value.is_number()) return pattern.get<double>() == value.get<double>();
  return pattern == value;
}

namespace {

void collect(const json& node, std::string_view path, std::vector<const json*>& out) {
  if (node.is_array()) {
    for (const auto& entry : node) collect(entry, path, out);
    return;
  }
  if (path.empty() || path == "$this") {
    out.push_back(&node);
    return;
  }
  if (!node.is_object()) return;
  const std::size_t dot = path.find('.');
  const std::string_view head = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  if (head.ends_with("[x]")) {
    const std::string_view stem = head.substr(0, head.size() - 3);
    for (const auto& [key, child] : node.items()) {
      if (key.size() > stem.size() && key.starts_with(stem) && key[stem.size()] >= 'A' &&
          key[stem.size()] <= 'Z') {
        collect(child, rest, out);
      }
    }
    return;
  }
  if (const auto found = node.find(head); found != node.end()) collect(*found, rest, out);
}

}  // namespace

std::vector<const json*> values_at(const json& item, std::string_view path) {
  std::vector<const json*> out;
  if (path.starts_with("$this.")) path.remove_prefix(6);
  collect(item, path, out);
  return out;
}

}  // namespace gateway::validation
