// Reading a CodeSystem's concepts and hierarchy, and evaluating compose filters over them:
// is-a, descendent-of, is-not-a, generalizes, = and in on concept/code, = on the parent and
// child properties and on declared concept properties.
#include "validation/code_system.hpp"

#include <algorithm>

#include "validation/json_members.hpp"

namespace gateway::validation {

namespace {

using Json = nlohmann::json;

// A concept property's value as filter values write it.
std::optional<std::string> property_text(const Json& property) {
  for (const char* name : {"valueCode", "valueString"}) {
    if (const auto found = property.find(name); found != property.end() && found->is_string()) {
      return found->get<std::string>();
    }
  }
  if (const auto found = property.find("valueBoolean"); found != property.end()) {
    if (found->is_boolean()) return found->get<bool>() ? "true" : "false";
  }
  if (const auto found = property.find("valueInteger"); found != property.end()) {
    if (found->is_number_integer()) return std::to_string(found->get<long long>());
  }
  return std::nullopt;
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

}  // namespace

std::optional<CodeSystemDefinition> CodeSystemDefinition::from_json(const Json& resource) {
  if (!resource.is_object() || string_member(resource, "resourceType") != "CodeSystem") {
    return std::nullopt;
  }
  CodeSystemDefinition system;
  system.url_ = string_member(resource, "url");
  if (system.url_.empty()) return std::nullopt;
  system.complete_ = string_member(resource, "content") == "complete";
  if (const auto found = resource.find("caseSensitive");
      found != resource.end() && found->is_boolean()) {
    system.rule_ = found->get<bool>() ? CaseRule::sensitive : CaseRule::insensitive;
  }
  const std::string meaning{string_member(resource, "hierarchyMeaning")};
  system.nesting_is_a_ = meaning.empty() || meaning == "is-a";
  if (const auto found = resource.find("property"); found != resource.end() && found->is_array()) {
    for (const Json& property : *found) {
      if (property.is_object())
        system.declared_properties_.emplace_back(string_member(property, "code"));
    }
  }
  if (const auto found = resource.find("concept"); found != resource.end()) {
    system.add_concepts(*found, std::nullopt);
  }
  system.link_property_parents();
  return system;
}

void CodeSystemDefinition::add_concepts(const Json& concepts, std::optional<std::size_t> parent) {
  if (!concepts.is_array()) return;
  for (const Json& entry : concepts) {
    if (!entry.is_object()) continue;
    std::string code{string_member(entry, "code")};
    if (code.empty()) continue;
    std::size_t index;
    if (const auto existing = find(code)) {
      index = *existing;  // the same code nested twice: one concept with two parents
    } else {
      index = concepts_.size();
      by_key_.emplace(key(code), index);
      concepts_.push_back(Concept{std::move(code), {}, {}, {}});
    }
    if (parent && nesting_is_a_) {
      concepts_[*parent].children.push_back(index);
      concepts_[index].parents.push_back(*parent);
    }
    if (const auto found = entry.find("property"); found != entry.end() && found->is_array()) {
      for (const Json& property : *found) {
        if (!property.is_object()) continue;
        if (auto text = property_text(property)) {
          concepts_[index].properties.emplace_back(string_member(property, "code"),
                                                   std::move(*text));
        }
      }
    }
    if (const auto found = entry.find("concept"); found != entry.end()) {
      add_concepts(*found, index);
    }
  }
}

// parent, subsumedBy and child properties are is-a edges as much as nesting is.
void CodeSystemDefinition::link_property_parents() {
  for (std::size_t index = 0; index < concepts_.size(); ++index) {
    for (const auto& [property, value] : concepts_[index].properties) {
      const bool up = property == "parent" || property == "subsumedBy";
      if (!up && property != "child") continue;
      const auto other = find(value);
      if (!other) continue;
      const std::size_t parent = up ? *other : index;
      const std::size_t child = up ? index : *other;
      auto& children = concepts_[parent].children;
      if (std::find(children.begin(), children.end(), child) != children.end()) continue;
      children.push_back(child);
      concepts_[child].parents.push_back(parent);
    }
  }
}

std::string CodeSystemDefinition::key(std::string_view code) const {
  std::string folded(code);
  if (rule_ == CaseRule::insensitive) {
    for (char& c : folded) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return folded;
}

std::optional<std::size_t> CodeSystemDefinition::find(std::string_view code) const {
  const auto found = by_key_.find(key(code));
  if (found == by_key_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::size_t> CodeSystemDefinition::reachable(
    std::size_t root, std::vector<std::size_t> Concept::*edges) const {
  std::vector<bool> seen(concepts_.size(), false);
  std::vector<std::size_t> found;
  std::vector<std::size_t> pending = {root};
  seen[root] = true;
  while (!pending.empty()) {
    const std::size_t index = pending.back();
    pending.pop_back();
    for (std::size_t next : concepts_[index].*edges) {
      if (seen[next]) continue;
      seen[next] = true;
      found.push_back(next);
      pending.push_back(next);
    }
  }
  return found;
}

std::vector<std::string> CodeSystemDefinition::codes_of(
    const std::vector<std::size_t>& indices) const {
  std::vector<std::string> codes;
  codes.reserve(indices.size());
  for (std::size_t index : indices) codes.push_back(key(concepts_[index].code));
  return codes;
}

std::vector<std::string> CodeSystemDefinition::all_codes() const {
  std::vector<std::string> codes;
  codes.reserve(concepts_.size());
  for (const Concept& entry : concepts_) codes.push_back(key(entry.code));
  return codes;
}

std::optional<std::vector<std::string>> CodeSystemDefinition::select(const Json& filter) const {
  if (!filter.is_object()) return std::nullopt;
  const std::string property{string_member(filter, "property")};
  const std::string op{string_member(filter, "op")};
  const std::string value{string_member(filter, "value")};
  const bool on_concept = property == "concept" || property == "code";
  const bool hierarchical = op == "is-a" || op == "descendent-of" || op == "is-not-a" ||
                            op == "generalizes" || property == "parent" || property == "child";
  if (hierarchical && !nesting_is_a_) return std::nullopt;  // nesting means grouped-by, part-of

  if (on_concept && hierarchical) {
    const auto root = find(value);
    if (!root) return op == "is-not-a" ? all_codes() : std::vector<std::string>{};
    if (op == "generalizes") {
      std::vector<std::size_t> selected = reachable(*root, &Concept::parents);
      selected.push_back(*root);
      return codes_of(selected);
    }
    std::vector<std::size_t> below = reachable(*root, &Concept::children);
    if (op == "descendent-of") return codes_of(below);
    below.push_back(*root);
    if (op == "is-a") return codes_of(below);
    std::vector<bool> excluded(concepts_.size(), false);
    for (std::size_t index : below) excluded[index] = true;
    std::vector<std::size_t> rest;
    for (std::size_t index = 0; index < concepts_.size(); ++index) {
      if (!excluded[index]) rest.push_back(index);
    }
    return codes_of(rest);
  }
  if (on_concept && (op == "=" || op == "in")) {
    std::vector<std::size_t> selected;
    const auto wanted = op == "=" ? std::vector<std::string_view>{value} : split_commas(value);
    for (std::string_view code : wanted) {
      if (const auto index = find(code)) selected.push_back(*index);
    }
    return codes_of(selected);
  }
  if ((property == "parent" || property == "child") && op == "=") {
    const auto other = find(value);
    if (!other) return std::vector<std::string>{};
    return codes_of(property == "parent" ? concepts_[*other].children : concepts_[*other].parents);
  }
  const bool declared = std::find(declared_properties_.begin(), declared_properties_.end(),
                                  property) != declared_properties_.end();
  if (declared && (op == "=" || op == "in")) {
    const auto wanted = op == "=" ? std::vector<std::string_view>{value} : split_commas(value);
    std::vector<std::size_t> selected;
    for (std::size_t index = 0; index < concepts_.size(); ++index) {
      for (const auto& [code, text] : concepts_[index].properties) {
        if (code == property && std::find(wanted.begin(), wanted.end(), text) != wanted.end()) {
          selected.push_back(index);
          break;
        }
      }
    }
    return codes_of(selected);
  }
  return std::nullopt;
}

}  // namespace gateway::validation
