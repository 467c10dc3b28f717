// Evaluation of the syntax tree over JSON: paths with choice types and primitives' `_name`,
// type tests, indexers, constants, and the operators with FHIRPath's empty-collection and
// three-valued-logic rules.
#include "fhirpath/evaluator.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "fhirpath/values.hpp"

namespace gateway::fhirpath {

FhirPathError evaluation_error(std::string message, std::size_t position) {
  return FhirPathError{ErrorKind::evaluation, std::move(message), position};
}

Result<std::optional<bool>, FhirPathError> to_boolean(const Collection& values,
                                                      std::size_t position) {
  if (values.empty()) return std::optional<bool>();
  if (values.size() > 1) return evaluation_error("expected a single boolean", position);
  const nlohmann::json& node = *values.front().node;
  return std::optional<bool>(node.is_boolean() ? node.get<bool>() : true);
}

Result<const Item*, FhirPathError> singleton(const Collection& values, std::size_t position) {
  if (values.empty()) return static_cast<const Item*>(nullptr);
  if (values.size() > 1) return evaluation_error("expected a single item", position);
  return &values.front();
}

Item Evaluator::boolean(bool value) const { return owned_item(value, model_.system("Boolean")); }
Item Evaluator::integer(std::int64_t value) const {
  return owned_item(value, model_.system("Integer"));
}
Item Evaluator::string(std::string value) const {
  return owned_item(std::move(value), model_.system("String"));
}

namespace {

std::string capitalised(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool starts_upper(std::string_view name) {
  return !name.empty() && std::isupper(static_cast<unsigned char>(name.front())) != 0;
}

}  // namespace

void Evaluator::add_values(const nlohmann::json& parent, const std::string& key,
                           const TypeInfo* type, const std::shared_ptr<const nlohmann::json>& owner,
                           Collection& out) const {
  const auto value = parent.find(key);
  const auto extra = parent.find("_" + key);
  const bool has_extra = extra != parent.end();
  const auto typed = [&](const nlohmann::json& node) {
    // Elements of type Resource (contained, Bundle.entry.resource) take the resource's type.
    if (type != nullptr && type->kind == TypeKind::resource && node.is_object()) {
      if (const auto name = node.find("resourceType"); name != node.end() && name->is_string()) {
        if (const TypeInfo* actual = model_.resource_type(name->get_ref<const std::string&>())) {
          return actual;
        }
      }
    }
    return type;
  };
  const nlohmann::json* values = value != parent.end() ? &*value : nullptr;
  const nlohmann::json* extras = has_extra ? &*extra : nullptr;
  // One entry: its value and its `_name` part; a primitive with extensions but no value is
  // the `_name` object (no value, but an id and extensions).
  const auto add = [&](const nlohmann::json* node, const nlohmann::json* element) {
    if (element != nullptr && !element->is_object()) element = nullptr;
    if (node == nullptr || node->is_null()) {
      if (element == nullptr) return;
      node = element;
    }
    Item item;
    item.owned = owner;
    item.node = node;
    item.type = typed(*node);
    item.primitive_element = element;
    out.push_back(std::move(item));
  };
  const auto size_of = [](const nlohmann::json* entries) {
    return entries != nullptr && entries->is_array() ? entries->size() : 0;
  };
  const auto entry = [](const nlohmann::json* entries, std::size_t i) -> const nlohmann::json* {
    return entries != nullptr && entries->is_array() && i < entries->size() ? &(*entries)[i]
                                                                            : nullptr;
  };
  if ((values != nullptr && values->is_array()) ||
      (values == nullptr && extras != nullptr && extras->is_array())) {
    const std::size_t count = std::max(size_of(values), size_of(extras));
    for (std::size_t i = 0; i < count; ++i) add(entry(values, i), entry(extras, i));
  } else {
    add(values, extras);
  }
}

// The type of a choice element written with its suffix (valueQuantity: Quantity), which the
// specification leaves to `value`, but data and other engines use.
const TypeInfo* Evaluator::choice_type(const TypeInfo* owner, std::string_view key) const {
  if (owner == nullptr) return nullptr;
  for (const auto& [name, element] : owner->elements) {
    if (!element.choice || key.size() <= name.size() || !key.starts_with(name)) continue;
    for (const TypeInfo* type : element.types) {
      if (capitalised(type->name) == key.substr(name.size())) return type;
    }
  }
  return nullptr;
}

void Evaluator::child(const Item& item, std::string_view name, Collection& out) const {
  const nlohmann::json& node = *item.node;
  if (!node.is_object()) {
    // A primitive's id and extensions live in its `_name` sibling.
    if (item.primitive_element != nullptr && (name == "extension" || name == "id")) {
      const TypeInfo* element = model_.find("Element");
      const ElementInfo* info = element != nullptr ? element->element(name) : nullptr;
      add_values(*item.primitive_element, std::string(name),
                 info != nullptr && !info->types.empty() ? info->types.front() : nullptr,
                 item.owned, out);
    }
    return;
  }
  const ElementInfo* info = item.type != nullptr ? item.type->element(name) : nullptr;
  if (info != nullptr && info->choice) {
    for (const TypeInfo* type : info->types) {
      const std::string key = std::string(name) + capitalised(type->name);
      if (node.contains(key)) {
        add_values(node, key, type, item.owned, out);
        return;
      }
    }
    return;
  }
  const std::string key(name);
  if (info != nullptr) {
    add_values(node, key, info->types.empty() ? nullptr : info->types.front(), item.owned, out);
    return;
  }
  if (node.contains(key)) {
    add_values(node, key, choice_type(item.type, key), item.owned, out);
    return;
  }
  if (item.type != nullptr && item.type->elements_loaded) return;
  // Untyped JSON, or a resource known by name only: a choice element is any key `name` + an
  // upper-case type suffix.
  for (const auto& [field, value] : node.items()) {
    if (field.size() > key.size() && field.starts_with(key) &&
        std::isupper(static_cast<unsigned char>(field[key.size()])) != 0) {
      std::string suffix = field.substr(key.size());
      const TypeInfo* type = model_.find(suffix);
      if (type == nullptr || type->kind == TypeKind::system) {
        suffix[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(suffix[0])));
        type = model_.find(suffix);
      }
      add_values(node, field, type, item.owned, out);
      return;
    }
  }
}

void Evaluator::children(const Item& item, Collection& out) const {
  const nlohmann::json& node = *item.node;
  if (!node.is_object()) return;
  if (item.type != nullptr && item.type->kind != TypeKind::system && item.type->elements_loaded) {
    for (const TypeInfo* type = item.type; type != nullptr; type = type->base) {
      for (const auto& [name, info] : type->elements) {
        if (type != item.type && item.type->elements.contains(name)) continue;
        child(item, name, out);
      }
    }
    return;
  }
  for (const auto& [field, value] : node.items()) {
    if (field.starts_with('_') || field == "resourceType") continue;
    add_values(node, field, nullptr, item.owned, out);
  }
}

Result<bool, FhirPathError> Evaluator::is_type(const Item& item, std::string_view type_name,
                                               std::size_t position) const {
  const TypeInfo* target = model_.find(type_name);
  if (target == nullptr) {
    return FhirPathError{ErrorKind::unknown_type, "unknown type '" + std::string(type_name) + "'",
                         position};
  }
  if (item.type == nullptr) return false;
  return item.type->is_a(*target) || item.type->system_type == target;
}

Evaluation Evaluator::focus_of(const Node& node, const Scope& scope) const {
  if (node.focus.empty()) return *scope.input;
  return eval(node.focus.front(), scope);
}

Evaluation Evaluator::member(const Node& node, const Scope& scope) const {
  auto focus = focus_of(node, scope);
  if (!focus) return focus;
  Collection out;
  // A path's first name may be a type: Patient.name on a Patient, Resource.id on any resource.
  if (node.focus.empty() && starts_upper(node.name)) {
    if (const TypeInfo* type = model_.find(node.name);
        type != nullptr && type->kind != TypeKind::system) {
      for (const Item& item : *focus) {
        if (item.type != nullptr && item.type->is_a(*type)) out.push_back(item);
      }
      return out;
    }
  }
  for (const Item& item : *focus) child(item, node.name, out);
  return out;
}

Evaluation Evaluator::constant(const Node& node) const {
  const std::string& name = node.name;
  if (name == "resource") return Collection{focus_.resource};
  if (name == "rootResource") return Collection{focus_.root_resource};
  if (name == "context") return Collection{focus_.context};
  if (name == "ucum") return Collection{string("http://unitsofmeasure.org")};
  if (name == "sct") return Collection{string("http://snomed.info/sct")};
  if (name == "loinc") return Collection{string("http://loinc.org")};
  if (const auto found = environment_.constants.find(name); found != environment_.constants.end()) {
    return found->second;
  }
  return FhirPathError{ErrorKind::unknown_variable, "unknown constant %" + name, node.position};
}

Evaluation Evaluator::indexer(const Node& node, const Scope& scope) const {
  auto focus = eval(node.focus.front(), scope);
  if (!focus) return focus;
  auto index = eval(node.arguments.front(), scope);
  if (!index) return index;
  auto position = singleton(*index, node.position);
  if (!position) return std::move(position).take_error();
  if (*position == nullptr) return Collection{};
  if (!(*position)->node->is_number_integer()) {
    return evaluation_error("an index must be an integer", node.position);
  }
  const auto at = (*position)->node->get<std::int64_t>();
  if (at < 0 || static_cast<std::size_t>(at) >= focus->size()) return Collection{};
  return Collection{(*focus)[static_cast<std::size_t>(at)]};
}

Evaluation Evaluator::unary(const Node& node, const Scope& scope) const {
  auto operand = eval(node.arguments.front(), scope);
  if (!operand || node.name == "+") return operand;
  auto value = singleton(*operand, node.position);
  if (!value) return std::move(value).take_error();
  if (*value == nullptr) return Collection{};
  const Item& item = **value;
  const nlohmann::json& json = *item.node;
  if (json.is_number_integer()) return Collection{integer(-json.get<std::int64_t>())};
  if (json.is_number()) return Collection{owned_item(-json.get<double>(), item.type)};
  if (value_kind(item) == ValueKind::quantity) {
    nlohmann::json negated = json;
    negated["value"] = -json.value("value", 0.0);
    return Collection{owned_item(std::move(negated), item.type)};
  }
  return evaluation_error("unary minus needs a number", node.position);
}

Evaluation Evaluator::type_operator(const Node& node, const Scope& scope) const {
  auto operand = eval(node.arguments.front(), scope);
  if (!operand) return operand;
  if (node.name == "is") {
    auto value = singleton(*operand, node.position);
    if (!value) return std::move(value).take_error();
    if (*value == nullptr) return Collection{};
    auto matches = is_type(**value, node.type_name, node.position);
    if (!matches) return std::move(matches).take_error();
    return Collection{boolean(*matches)};
  }
  Collection out;
  for (const Item& item : *operand) {
    auto matches = is_type(item, node.type_name, node.position);
    if (!matches) return std::move(matches).take_error();
    if (*matches) out.push_back(item);
  }
  return out;
}

namespace {

Evaluation logic(const Evaluator& evaluator, const std::string& op, std::optional<bool> left,
                 std::optional<bool> right) {
  std::optional<bool> result;
  if (op == "and") {
    if (left == false || right == false)
      result = false;
    else if (left && right)
      result = true;
  } else if (op == "or") {
    if (left == true || right == true)
      result = true;
    else if (left && right)
      result = false;
  } else if (op == "xor") {
    if (left && right) result = *left != *right;
  } else {  // implies
    if (left == false || right == true)
      result = true;
    else if (left == true && right == false)
      result = false;
  }
  if (!result) return Collection{};
  return Collection{evaluator.boolean(*result)};
}

bool contains_equal(const Collection& values, const Item& item) {
  for (const Item& value : values) {
    if (equal(value, item).value_or(false)) return true;
  }
  return false;
}

Evaluation arithmetic(const Evaluator& evaluator, const Node& node, const Item& left,
                      const Item& right) {
  const std::string& op = node.name;
  const ValueKind l = value_kind(left);
  const ValueKind r = value_kind(right);
  if (op == "+" && l == ValueKind::string && r == ValueKind::string) {
    std::string text = string_of(left).value_or("") + string_of(right).value_or("");
    if (text.size() > kMaxStringLength) return evaluation_error("string too long", node.position);
    return Collection{evaluator.string(std::move(text))};
  }
  if (!is_numeric(l) || !is_numeric(r) || !left.node->is_number() || !right.node->is_number()) {
    return evaluation_error("operator " + op + " needs numbers", node.position);
  }
  const bool integers = left.node->is_number_integer() && right.node->is_number_integer();
  if (integers && op != "/") {
    const auto a = left.node->get<std::int64_t>();
    const auto b = right.node->get<std::int64_t>();
    std::int64_t result = 0;
    bool overflow = false;
    if (op == "+")
      overflow = __builtin_add_overflow(a, b, &result);
    else if (op == "-")
      overflow = __builtin_sub_overflow(a, b, &result);
    else if (op == "*")
      overflow = __builtin_mul_overflow(a, b, &result);
    else {  // div, mod
      if (b == 0) return Collection{};
      if (a == INT64_MIN && b == -1)
        overflow = true;
      else
        result = op == "div" ? a / b : a % b;
    }
    if (overflow) return evaluation_error("integer overflow", node.position);
    return Collection{evaluator.integer(result)};
  }
  const double a = number_of(left);
  const double b = number_of(right);
  double result = 0;
  if (op == "+")
    result = a + b;
  else if (op == "-")
    result = a - b;
  else if (op == "*")
    result = a * b;
  else {
    if (b == 0) return Collection{};
    result = op == "/" ? a / b : (op == "div" ? std::trunc(a / b) : std::fmod(a, b));
    if (op == "div") return Collection{evaluator.integer(static_cast<std::int64_t>(result))};
  }
  return Collection{owned_item(result, evaluator.model().system("Decimal"))};
}

}  // namespace

Evaluation Evaluator::binary(const Node& node, const Scope& scope) const {
  auto left = eval(node.arguments[0], scope);
  if (!left) return left;
  const std::string& op = node.name;
  const bool logical = op == "and" || op == "or" || op == "xor" || op == "implies";
  std::optional<bool> left_value;
  if (logical) {
    auto converted = to_boolean(*left, node.arguments[0].position);
    if (!converted) return std::move(converted).take_error();
    left_value = *converted;
    // Short-circuit where the left side decides (expressions have no side effects): a
    // right side such as `%rootResource != %resource` compares whole resources.
    if (op == "or" && left_value == true) return Collection{boolean(true)};
    if (op == "and" && left_value == false) return Collection{boolean(false)};
    if (op == "implies" && left_value == false) return Collection{boolean(true)};
  }
  auto right = eval(node.arguments[1], scope);
  if (!right) return right;
  if (logical) {
    auto b = to_boolean(*right, node.arguments[1].position);
    if (!b) return std::move(b).take_error();
    return logic(*this, op, left_value, *b);
  }
  if (op == "|") {
    Collection out;
    for (const Collection* side : {&*left, &*right}) {
      for (const Item& item : *side) {
        if (!contains_equal(out, item)) out.push_back(item);
      }
    }
    return out;
  }
  if (op == "=" || op == "!=") {
    if (left->empty() || right->empty()) return Collection{};
    bool same = left->size() == right->size();
    for (std::size_t i = 0; same && i < left->size(); ++i) {
      const auto equal_items = equal((*left)[i], (*right)[i]);
      if (!equal_items) return Collection{};
      same = *equal_items;
    }
    return Collection{boolean(op == "=" ? same : !same)};
  }
  if (op == "~" || op == "!~") {
    bool same = left->size() == right->size();
    for (std::size_t i = 0; same && i < left->size(); ++i) {
      same = equivalent((*left)[i], (*right)[i]);
    }
    return Collection{boolean(op == "~" ? same : !same)};
  }
  if (op == "in" || op == "contains") {
    const Collection& element = op == "in" ? *left : *right;
    const Collection& container = op == "in" ? *right : *left;
    auto value = singleton(element, node.position);
    if (!value) return std::move(value).take_error();
    if (*value == nullptr) return Collection{};
    return Collection{boolean(contains_equal(container, **value))};
  }
  if (op == "&") {
    std::string text;
    for (const Collection* side : {&*left, &*right}) {
      auto value = singleton(*side, node.position);
      if (!value) return std::move(value).take_error();
      if (*value != nullptr) text += string_of(**value).value_or("");
    }
    if (text.size() > kMaxStringLength) return evaluation_error("string too long", node.position);
    return Collection{string(std::move(text))};
  }
  auto a = singleton(*left, node.position);
  if (!a) return std::move(a).take_error();
  auto b = singleton(*right, node.position);
  if (!b) return std::move(b).take_error();
  if (*a == nullptr || *b == nullptr) return Collection{};
  if (op == "<" || op == ">" || op == "<=" || op == ">=") {
    const auto order = compare(**a, **b);
    if (!order) return Collection{};
    const bool result = op == "<"    ? *order < 0
                        : op == ">"  ? *order > 0
                        : op == "<=" ? *order <= 0
                                     : *order >= 0;
    return Collection{boolean(result)};
  }
  return arithmetic(*this, node, **a, **b);
}

Evaluation Evaluator::eval(const Node& node, const Scope& scope) const {
  auto result = eval_node(node, scope);
  if (result && result->size() > kMaxItems) {
    return evaluation_error("the result has too many items", node.position);
  }
  return result;
}

Evaluation Evaluator::eval_node(const Node& node, const Scope& scope) const {
  switch (node.kind) {
    case NodeKind::literal: {
      Item item;
      item.owned = node.value;
      item.node = node.value.get();
      item.type = model_.system(node.name);
      return Collection{std::move(item)};
    }
    case NodeKind::empty:
      return Collection{};
    case NodeKind::member:
      return member(node, scope);
    case NodeKind::function: {
      auto focus = focus_of(node, scope);
      if (!focus) return focus;
      return call_function(*this, node, *focus, scope);
    }
    case NodeKind::this_variable:
      return *scope.input;
    case NodeKind::index_variable:
      return Collection{integer(scope.index)};
    case NodeKind::total_variable:
      if (scope.total == nullptr) return Collection{};
      return *scope.total;
    case NodeKind::constant:
      return constant(node);
    case NodeKind::indexer:
      return indexer(node, scope);
    case NodeKind::unary:
      return unary(node, scope);
    case NodeKind::binary:
      return binary(node, scope);
    case NodeKind::type_operator:
      return type_operator(node, scope);
  }
  return Collection{};
}

Result<Collection, FhirPathError> evaluate(const Expression& expression,
                                           const nlohmann::json& resource, const TypeModel& model,
                                           const Environment& environment) {
  Item root;
  root.node = &resource;
  if (resource.is_object()) {
    if (const auto type = resource.find("resourceType");
        type != resource.end() && type->is_string()) {
      root.type = model.resource_type(type->get_ref<const std::string&>());
    }
  }
  return evaluate(expression, Focus{root, root, root}, model, environment);
}

Result<Collection, FhirPathError> evaluate(const Expression& expression, const Focus& focus,
                                           const TypeModel& model, const Environment& environment) {
  const Evaluator evaluator(model, focus, environment);
  const Collection input{focus.context};
  return evaluator.eval(expression.root(), Scope{&input, 0, nullptr});
}

}  // namespace gateway::fhirpath
