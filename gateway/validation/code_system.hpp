// One loaded CodeSystem as expansion needs it: its codes, the is-a hierarchy (nesting and the
// parent/child/subsumedBy properties), concept properties, and the filters it can evaluate.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "validation/code_set.hpp"

namespace gateway::validation {

class CodeSystemDefinition {
 public:
  // nullopt if `resource` is not a CodeSystem with a url.
  [[nodiscard]] static std::optional<CodeSystemDefinition> from_json(
      const nlohmann::json& resource);

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] CaseRule rule() const { return rule_; }
  // content = complete: every code of the system is here.
  [[nodiscard]] bool complete() const { return complete_; }

  // A code as sets of this system hold it: folded to lower case if the system is not case
  // sensitive, as written otherwise.
  [[nodiscard]] std::string key(std::string_view code) const;

  [[nodiscard]] std::vector<std::string> all_codes() const;
  // The codes one compose filter ({property, op, value}) selects, or nullopt if the filter is
  // not supported here (then the value set cannot be expanded).
  [[nodiscard]] std::optional<std::vector<std::string>> select(const nlohmann::json& filter) const;

 private:
  struct Concept {
    std::string code;
    std::vector<std::size_t> children;
    std::vector<std::size_t> parents;
    std::vector<std::pair<std::string, std::string>> properties;  // code, value as text
  };

  void add_concepts(const nlohmann::json& concepts, std::optional<std::size_t> parent);
  void link_property_parents();
  [[nodiscard]] std::optional<std::size_t> find(std::string_view code) const;
  // The concepts reachable from `root` along `edges` (children: its descendants, parents:
  // its ancestors), `root` itself not included.
  [[nodiscard]] std::vector<std::size_t> reachable(std::size_t root,
                                                   std::vector<std::size_t> Concept::*edges) const;
  [[nodiscard]] std::vector<std::string> codes_of(const std::vector<std::size_t>& indices) const;

  std::string url_;
  CaseRule rule_ = CaseRule::not_known;
  bool complete_ = false;
  bool nesting_is_a_ = true;  // hierarchyMeaning absent or is-a
  std::vector<std::string> declared_properties_;
  std::vector<Concept> concepts_;
  std::unordered_map<std::string, std::size_t> by_key_;
};

}  // namespace gateway::validation
