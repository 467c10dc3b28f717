// The evaluator's machinery shared by the node evaluation and the function library
// (internal): scope, navigation, typing, boolean and singleton conversions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "fhirpath/ast.hpp"
#include "fhirpath/evaluate.hpp"

namespace gateway::fhirpath {

// What $this, $index and $total mean where a node is evaluated.
struct Scope {
  const Collection* input = nullptr;  // the focus of a path without an explicit one
  std::int64_t index = 0;
  const Collection* total = nullptr;
};

using Evaluation = Result<Collection, FhirPathError>;

// Bounds on what one evaluation may build (select/combine can double a collection per
// step; replace and & can grow a string): past them the evaluation is an error.
inline constexpr std::size_t kMaxItems = 100000;
inline constexpr std::size_t kMaxStringLength = 1 << 20;

class Evaluator {
 public:
  Evaluator(const TypeModel& model, const Focus& focus, const Environment& environment)
      : model_(model), focus_(focus), environment_(environment) {}

  [[nodiscard]] Evaluation eval(const Node& node, const Scope& scope) const;

  // The children named `name` of one item (choice elements, primitives' `_name`, arrays).
  void child(const Item& item, std::string_view name, Collection& out) const;
  void children(const Item& item, Collection& out) const;
  [[nodiscard]] Result<bool, FhirPathError> is_type(const Item& item, std::string_view type,
                                                    std::size_t position) const;
  [[nodiscard]] Item boolean(bool value) const;
  [[nodiscard]] Item integer(std::int64_t value) const;
  [[nodiscard]] Item string(std::string value) const;
  [[nodiscard]] const TypeModel& model() const { return model_; }
  [[nodiscard]] const Environment& environment() const { return environment_; }
  [[nodiscard]] const Item& resource() const { return focus_.resource; }
  // The outermost resource: where `#id` references find their contained resources.
  [[nodiscard]] const Item& root_resource() const { return focus_.root_resource; }

 private:
  [[nodiscard]] Evaluation eval_node(const Node& node, const Scope& scope) const;
  [[nodiscard]] const TypeInfo* choice_type(const TypeInfo* owner, std::string_view key) const;
  [[nodiscard]] Evaluation focus_of(const Node& node, const Scope& scope) const;
  [[nodiscard]] Evaluation member(const Node& node, const Scope& scope) const;
  [[nodiscard]] Evaluation constant(const Node& node) const;
  [[nodiscard]] Evaluation indexer(const Node& node, const Scope& scope) const;
  [[nodiscard]] Evaluation unary(const Node& node, const Scope& scope) const;
  [[nodiscard]] Evaluation binary(const Node& node, const Scope& scope) const;
  [[nodiscard]] Evaluation type_operator(const Node& node, const Scope& scope) const;
  // The values of `parent[key]` (an array is flattened); `owner` keeps the parent alive.
  void add_values(const nlohmann::json& parent, const std::string& key, const TypeInfo* type,
                  const std::shared_ptr<const nlohmann::json>& owner, Collection& out) const;

  const TypeModel& model_;
  const Focus& focus_;
  const Environment& environment_;
};

// Empty -> nullopt; one Boolean -> its value; one other item -> true; several -> error.
[[nodiscard]] Result<std::optional<bool>, FhirPathError> to_boolean(const Collection& values,
                                                                    std::size_t position);
// Empty -> nullptr; one -> it; several -> error.
[[nodiscard]] Result<const Item*, FhirPathError> singleton(const Collection& values,
                                                           std::size_t position);
[[nodiscard]] FhirPathError evaluation_error(std::string message, std::size_t position);

// The function library (functions.cpp): `focus` is what the function is invoked on.
[[nodiscard]] Evaluation call_function(const Evaluator& evaluator, const Node& call,
                                       const Collection& focus, const Scope& scope);

}  // namespace gateway::fhirpath
