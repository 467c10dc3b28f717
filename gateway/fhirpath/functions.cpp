// The FHIRPath function library: existence, filtering and projection, subsetting, combining,
// types, conversion, strings, tree navigation, and FHIR's extension() and resolve().
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <regex>
#include <string>

#include "fhirpath/evaluator.hpp"
#include "fhirpath/values.hpp"

namespace gateway::fhirpath {

namespace {

// Strings longer than this are not given to std::regex (its matcher recurses per character).
constexpr std::size_t kMaxRegexInput = 4096;
constexpr std::size_t kMaxDescendants = kMaxItems;

struct Call {
  const Evaluator& evaluator;
  const Node& node;
  const Collection& focus;
  const Scope& scope;

  // An argument evaluated where the call is (not per item).
  Evaluation argument(std::size_t index) const {
    return evaluator.eval(node.arguments[index], scope);
  }
  // An argument evaluated with one focus item as $this (where, select, exists, all, ...).
  Evaluation per_item(std::size_t argument_index, std::size_t item_index) const {
    const Collection one{focus[item_index]};
    const Scope inner{&one, static_cast<std::int64_t>(item_index), scope.total};
    return evaluator.eval(node.arguments[argument_index], inner);
  }
  Result<std::optional<std::string>, FhirPathError> string_argument(std::size_t index) const {
    auto values = argument(index);
    if (!values) return std::move(values).take_error();
    auto value = singleton(*values, node.position);
    if (!value) return std::move(value).take_error();
    if (*value == nullptr) return std::optional<std::string>();
    return string_of(**value);
  }
  Result<std::optional<std::int64_t>, FhirPathError> integer_argument(std::size_t index) const {
    auto values = argument(index);
    if (!values) return std::move(values).take_error();
    auto value = singleton(*values, node.position);
    if (!value) return std::move(value).take_error();
    if (*value == nullptr) return std::optional<std::int64_t>();
    if (!(*value)->node->is_number_integer()) {
      return evaluation_error(node.name + " needs an integer argument", node.position);
    }
    return std::optional<std::int64_t>((*value)->node->get<std::int64_t>());
  }
  Collection one(Item item) const { return Collection{std::move(item)}; }
  Collection boolean(bool value) const { return one(evaluator.boolean(value)); }
};

bool contains_equal(const Collection& values, const Item& item) {
  return std::any_of(values.begin(), values.end(),
                     [&](const Item& value) { return equal(value, item).value_or(false); });
}

Collection distinct_of(const Collection& values) {
  Collection out;
  for (const Item& item : values) {
    if (!contains_equal(out, item)) out.push_back(item);
  }
  return out;
}

// Criteria functions: where, exists(criteria), all, select, repeat.
Evaluation where(const Call& call) {
  Collection out;
  for (std::size_t i = 0; i < call.focus.size(); ++i) {
    auto criterion = call.per_item(0, i);
    if (!criterion) return criterion;
    auto keep = to_boolean(*criterion, call.node.arguments[0].position);
    if (!keep) return std::move(keep).take_error();
    if (keep->value_or(false)) out.push_back(call.focus[i]);
  }
  return out;
}

Evaluation select(const Call& call) {
  Collection out;
  for (std::size_t i = 0; i < call.focus.size(); ++i) {
    auto projected = call.per_item(0, i);
    if (!projected) return projected;
    out.insert(out.end(), projected->begin(), projected->end());
  }
  return out;
}

Evaluation all(const Call& call) {
  for (std::size_t i = 0; i < call.focus.size(); ++i) {
    auto criterion = call.per_item(0, i);
    if (!criterion) return criterion;
    auto value = to_boolean(*criterion, call.node.arguments[0].position);
    if (!value) return std::move(value).take_error();
    if (!value->value_or(false)) return call.boolean(false);
  }
  return call.boolean(true);
}

Evaluation repeat(const Call& call) {
  Collection out;
  Collection pending = call.focus;
  while (!pending.empty()) {
    Collection next;
    const Call step{call.evaluator, call.node, pending, call.scope};
    auto projected = select(step);
    if (!projected) return projected;
    for (const Item& item : *projected) {
      if (contains_equal(out, item)) continue;
      out.push_back(item);
      next.push_back(item);
      if (out.size() > kMaxDescendants) {
        return evaluation_error("repeat() yields too many items", call.node.position);
      }
    }
    pending = std::move(next);
  }
  return out;
}

// allTrue, anyTrue, allFalse, anyFalse
Evaluation boolean_aggregate(const Call& call, bool wanted, bool every) {
  for (const Item& item : call.focus) {
    if (!item.node->is_boolean()) {
      return evaluation_error(call.node.name + " needs booleans", call.node.position);
    }
    const bool matches = item.node->get<bool>() == wanted;
    if (every && !matches) return call.boolean(false);
    if (!every && matches) return call.boolean(true);
  }
  return call.boolean(every);
}

Evaluation of_type(const Call& call) {
  Collection out;
  for (const Item& item : call.focus) {
    auto matches = call.evaluator.is_type(item, call.node.type_name, call.node.position);
    if (!matches) return std::move(matches).take_error();
    if (*matches) out.push_back(item);
  }
  return out;
}

Evaluation is_function(const Call& call) {
  auto value = singleton(call.focus, call.node.position);
  if (!value) return std::move(value).take_error();
  if (*value == nullptr) return Collection{};
  auto matches = call.evaluator.is_type(**value, call.node.type_name, call.node.position);
  if (!matches) return std::move(matches).take_error();
  return call.boolean(*matches);
}

Evaluation subset(const Call& call) {
  const std::string& name = call.node.name;
  if (name == "first") return call.focus.empty() ? Collection{} : call.one(call.focus.front());
  if (name == "last") return call.focus.empty() ? Collection{} : call.one(call.focus.back());
  if (name == "tail") {
    return call.focus.empty() ? Collection{} : Collection(call.focus.begin() + 1, call.focus.end());
  }
  if (name == "single") {
    auto value = singleton(call.focus, call.node.position);
    if (!value) return std::move(value).take_error();
    return *value == nullptr ? Collection{} : call.one(**value);
  }
  auto count = call.integer_argument(0);
  if (!count) return std::move(count).take_error();
  const auto n = static_cast<std::size_t>(std::clamp<std::int64_t>(
      count->value_or(0), 0, static_cast<std::int64_t>(call.focus.size())));
  if (name == "skip")
    return Collection(call.focus.begin() + static_cast<std::ptrdiff_t>(n), call.focus.end());
  return Collection(call.focus.begin(), call.focus.begin() + static_cast<std::ptrdiff_t>(n));
}

Evaluation combining(const Call& call) {
  auto other = call.argument(0);
  if (!other) return other;
  const std::string& name = call.node.name;
  Collection out;
  if (name == "union") {
    out = call.focus;
    out.insert(out.end(), other->begin(), other->end());
    return distinct_of(out);
  }
  if (name == "combine") {
    out = call.focus;
    out.insert(out.end(), other->begin(), other->end());
    return out;
  }
  if (name == "subsetOf" || name == "supersetOf") {
    const Collection& small = name == "subsetOf" ? call.focus : *other;
    const Collection& large = name == "subsetOf" ? *other : call.focus;
    return call.boolean(std::all_of(small.begin(), small.end(),
                                    [&](const Item& item) { return contains_equal(large, item); }));
  }
  const bool keep_common = name == "intersect";
  for (const Item& item : call.focus) {
    if (contains_equal(*other, item) == keep_common) out.push_back(item);
  }
  return keep_common ? distinct_of(out) : out;
}

Evaluation iif(const Call& call) {
  auto criterion = call.argument(0);
  if (!criterion) return criterion;
  auto value = to_boolean(*criterion, call.node.arguments[0].position);
  if (!value) return std::move(value).take_error();
  if (value->value_or(false)) return call.argument(1);
  if (call.node.arguments.size() > 2) return call.argument(2);
  return Collection{};
}

Evaluation not_function(const Call& call) {
  auto value = to_boolean(call.focus, call.node.position);
  if (!value) return std::move(value).take_error();
  if (!*value) return Collection{};
  return call.boolean(!**value);
}

// A stand-in for the resource a Reference points to: an object with its type and id, typed
// by the reference (Type/id, an absolute URL ending in Type/id[/_history/v]); #id resolves
// to the contained resource. A logical reference (identifier, no reference) with a `type`
// resolves to a stand-in of that type without an id, as servers index them (so that
// `where(resolve() is Patient)` keeps it).
Evaluation resolve(const Call& call) {
  const TypeModel& model = call.evaluator.model();
  Collection out;
  for (const Item& item : call.focus) {
    std::string reference;
    if (item.node->is_string()) {
      reference = item.node->get<std::string>();
    } else if (item.node->is_object() && item.node->contains("reference") &&
               (*item.node)["reference"].is_string()) {
      reference = (*item.node)["reference"].get<std::string>();
    } else if (item.node->is_object() && item.node->contains("identifier") &&
               item.node->contains("type") && (*item.node)["type"].is_string()) {
      const std::string type_name = (*item.node)["type"].get<std::string>();
      if (const TypeInfo* type = model.resource_type(type_name)) {
        out.push_back(owned_item({{"resourceType", type_name}}, type));
      }
      continue;
    } else {
      continue;
    }
    if (reference.starts_with('#')) {
      const nlohmann::json& root = *call.evaluator.root_resource().node;
      if (const auto contained = root.find("contained");
          contained != root.end() && contained->is_array()) {
        for (const auto& resource : *contained) {
          if (resource.is_object() && resource.value("id", "") == reference.substr(1)) {
            Item target;
            target.node = &resource;
            target.type = model.resource_type(resource.value("resourceType", ""));
            out.push_back(std::move(target));
          }
        }
      }
      continue;
    }
    if (const std::size_t history = reference.find("/_history/"); history != std::string::npos) {
      reference.resize(history);
    }
    const std::size_t last = reference.rfind('/');
    if (last == std::string::npos || last == 0) continue;
    const std::size_t before = reference.rfind('/', last - 1);
    const std::string type_name =
        reference.substr(before == std::string::npos ? 0 : before + 1,
                         last - (before == std::string::npos ? 0 : before + 1));
    const TypeInfo* type = model.resource_type(type_name);
    if (type == nullptr) continue;
    out.push_back(
        owned_item({{"resourceType", type_name}, {"id", reference.substr(last + 1)}}, type));
  }
  return out;
}

// memberOf(valueSet) on a code, Coding or CodeableConcept (any of its codings), through the
// environment's terminology; empty when it has none or cannot decide.
Evaluation member_of(const Call& call) {
  const auto& lookup = call.evaluator.environment().member_of;
  auto url = call.string_argument(0);
  if (!url) return std::move(url).take_error();
  auto value = singleton(call.focus, call.node.position);
  if (!value) return std::move(value).take_error();
  if (!lookup || !*url || *value == nullptr) return Collection{};
  const nlohmann::json& node = (*value)->json();
  const auto coding_in = [&](const nlohmann::json& coding) -> std::optional<bool> {
    if (!coding.is_object() || !coding.contains("code") || !coding["code"].is_string()) {
      return std::nullopt;
    }
    const std::string system = coding.value("system", "");
    return lookup(**url, system, coding["code"].get_ref<const std::string&>());
  };
  std::optional<bool> answer;
  if (node.is_string()) {
    answer = lookup(**url, "", node.get_ref<const std::string&>());
  } else if (node.is_object() && node.contains("coding") && node["coding"].is_array()) {
    for (const auto& coding : node["coding"]) {
      const auto member = coding_in(coding);
      if (member == true) {
        answer = true;
        break;
      }
      if (member == false) answer = false;
    }
  } else if (node.is_object()) {
    answer = coding_in(node);
  }
  if (!answer) return Collection{};
  return call.boolean(*answer);
}

Evaluation extension(const Call& call) {
  auto url = call.string_argument(0);
  if (!url) return std::move(url).take_error();
  if (!*url) return Collection{};
  Collection extensions;
  for (const Item& item : call.focus) call.evaluator.child(item, "extension", extensions);
  Collection out;
  for (const Item& item : extensions) {
    if (item.node->is_object() && item.node->value("url", "") == **url) out.push_back(item);
  }
  return out;
}

Evaluation descendants(const Call& call) {
  Collection out;
  Collection pending = call.focus;
  while (!pending.empty()) {
    Collection next;
    for (const Item& item : pending) call.evaluator.children(item, next);
    out.insert(out.end(), next.begin(), next.end());
    if (out.size() > kMaxDescendants) {
      return evaluation_error("descendants() yields too many items", call.node.position);
    }
    pending = std::move(next);
  }
  return out;
}

// The single String the string functions work on; nullopt (empty result) when there is none.
Result<std::optional<std::string>, FhirPathError> input_string(const Call& call) {
  auto value = singleton(call.focus, call.node.position);
  if (!value) return std::move(value).take_error();
  if (*value == nullptr) return std::optional<std::string>();
  if (!(*value)->node->is_string()) {
    return evaluation_error(call.node.name + " needs a string", call.node.position);
  }
  return std::optional<std::string>((*value)->node->get<std::string>());
}

Result<std::regex, FhirPathError> regex_of(const Call& call, const std::string& pattern) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return evaluation_error("bad regular expression", call.node.position);
  }
}

Evaluation string_function(const Call& call) {
  auto input = input_string(call);
  if (!input) return std::move(input).take_error();
  if (!*input) return Collection{};
  const std::string& text = **input;
  const std::string& name = call.node.name;
  const Evaluator& evaluator = call.evaluator;
  if (name == "lower" || name == "upper") {
    std::string out = text;
    for (char& c : out) {
      c = static_cast<char>(name == "lower" ? std::tolower(static_cast<unsigned char>(c))
                                            : std::toupper(static_cast<unsigned char>(c)));
    }
    return call.one(evaluator.string(std::move(out)));
  }
  if (name == "length") return call.one(evaluator.integer(static_cast<std::int64_t>(text.size())));
  if (name == "trim") {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return call.one(evaluator.string(""));
    const auto end = text.find_last_not_of(" \t\r\n");
    return call.one(evaluator.string(text.substr(begin, end - begin + 1)));
  }
  if (name == "toChars") {
    if (text.size() > kMaxItems) return evaluation_error("string too long", call.node.position);
    Collection out;
    for (char c : text) out.push_back(evaluator.string(std::string(1, c)));
    return out;
  }
  if (name == "substring") {
    auto start = call.integer_argument(0);
    if (!start) return std::move(start).take_error();
    if (!*start || **start < 0 || static_cast<std::size_t>(**start) >= text.size()) {
      return Collection{};
    }
    std::size_t length = std::string::npos;
    if (call.node.arguments.size() > 1) {
      auto count = call.integer_argument(1);
      if (!count) return std::move(count).take_error();
      if (*count) length = static_cast<std::size_t>(std::max<std::int64_t>(**count, 0));
    }
    return call.one(evaluator.string(text.substr(static_cast<std::size_t>(**start), length)));
  }
  auto first = call.string_argument(0);
  if (!first) return std::move(first).take_error();
  if (!*first) return Collection{};
  const std::string& argument = **first;
  if (name == "startsWith") return call.boolean(text.starts_with(argument));
  if (name == "endsWith") return call.boolean(text.ends_with(argument));
  if (name == "contains") return call.boolean(text.find(argument) != std::string::npos);
  if (name == "indexOf") {
    const std::size_t at = text.find(argument);
    return call.one(
        evaluator.integer(at == std::string::npos ? -1 : static_cast<std::int64_t>(at)));
  }
  if (text.size() > kMaxRegexInput && (name == "matches" || name == "replaceMatches")) {
    return evaluation_error("string too long for a regular expression", call.node.position);
  }
  if (name == "matches") {
    auto pattern = regex_of(call, argument);
    if (!pattern) return std::move(pattern).take_error();
    return call.boolean(std::regex_search(text, *pattern));
  }
  auto second = call.string_argument(1);
  if (!second) return std::move(second).take_error();
  if (!*second) return Collection{};
  std::string out;
  if (name == "replaceMatches") {
    auto pattern = regex_of(call, argument);
    if (!pattern) return std::move(pattern).take_error();
    out = std::regex_replace(text, *pattern, **second);
  } else if (argument.empty()) {  // replace: an empty pattern goes between characters
    if ((text.size() + 1) * (*second)->size() > kMaxStringLength) {
      return evaluation_error("string too long", call.node.position);
    }
    out = **second;
    for (char c : text) (out += c) += **second;
  } else {  // replace: every occurrence
    std::size_t at = 0;
    for (std::size_t found; (found = text.find(argument, at)) != std::string::npos;
         at = found + argument.size()) {
      out.append(text, at, found - at).append(**second);
      if (out.size() > kMaxStringLength) {
        return evaluation_error("string too long", call.node.position);
      }
    }
    out.append(text, at);
  }
  if (out.size() > kMaxStringLength) return evaluation_error("string too long", call.node.position);
  return call.one(evaluator.string(std::move(out)));
}

// toString, toInteger, toDecimal, toBoolean and the convertsTo* forms.
Evaluation conversion(const Call& call) {
  auto value = singleton(call.focus, call.node.position);
  if (!value) return std::move(value).take_error();
  if (*value == nullptr) return Collection{};
  const Item& item = **value;
  std::string name = call.node.name;
  const bool test = name.starts_with("convertsTo");
  if (test) name = "to" + name.substr(10);
  const Evaluator& evaluator = call.evaluator;
  std::optional<Item> converted;
  const auto text = string_of(item);
  if (name == "toString") {
    if (text) converted = evaluator.string(*text);
  } else if (name == "toInteger") {
    if (item.node->is_number_integer())
      converted = evaluator.integer(item.node->get<std::int64_t>());
    else if (item.node->is_boolean())
      converted = evaluator.integer(item.node->get<bool>() ? 1 : 0);
    else if (item.node->is_string() && !text->empty()) {
      std::size_t used = 0;
      try {
        const long long parsed = std::stoll(*text, &used);
        if (used == text->size()) converted = evaluator.integer(parsed);
      } catch (const std::exception&) {
      }
    }
  } else if (name == "toDecimal") {
    if (item.node->is_number())
      converted = owned_item(item.node->get<double>(), evaluator.model().system("Decimal"));
    else if (item.node->is_boolean())
      converted =
          owned_item(item.node->get<bool>() ? 1.0 : 0.0, evaluator.model().system("Decimal"));
    else if (item.node->is_string() && !text->empty()) {
      std::size_t used = 0;
      try {
        const double parsed = std::stod(*text, &used);
        if (used == text->size())
          converted = owned_item(parsed, evaluator.model().system("Decimal"));
      } catch (const std::exception&) {
      }
    }
  } else {  // toBoolean
    if (item.node->is_boolean())
      converted = item;
    else if (text) {
      std::string lowered = *text;
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lowered == "true" || lowered == "t" || lowered == "yes" || lowered == "y" ||
          lowered == "1" || lowered == "1.0")
        converted = evaluator.boolean(true);
      if (lowered == "false" || lowered == "f" || lowered == "no" || lowered == "n" ||
          lowered == "0" || lowered == "0.0")
        converted = evaluator.boolean(false);
    }
  }
  if (test) return call.boolean(converted.has_value());
  if (!converted) return Collection{};
  return call.one(std::move(*converted));
}

// now() as a UTC DateTime with milliseconds, today() as a Date.
Evaluation clock(const Call& call) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const TypeModel& model = call.evaluator.model();
  if (call.node.name == "today") {
    std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return call.one(owned_item(std::string(text), model.system("Date")));
  }
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof text - length, ".%03dZ", static_cast<int>(millis));
  return call.one(owned_item(std::string(text), model.system("DateTime")));
}

}  // namespace

Evaluation call_function(const Evaluator& evaluator, const Node& node, const Collection& focus,
                         const Scope& scope) {
  const Call call{evaluator, node, focus, scope};
  const std::string& name = node.name;
  if (name == "empty") return call.boolean(focus.empty());
  if (name == "exists") {
    if (node.arguments.empty()) return call.boolean(!focus.empty());
    auto matching = where(call);
    if (!matching) return matching;
    return call.boolean(!matching->empty());
  }
  if (name == "count") return call.one(evaluator.integer(static_cast<std::int64_t>(focus.size())));
  if (name == "distinct") return distinct_of(focus);
  if (name == "isDistinct") return call.boolean(distinct_of(focus).size() == focus.size());
  if (name == "where") return where(call);
  if (name == "select") return select(call);
  if (name == "all") return all(call);
  if (name == "repeat") return repeat(call);
  if (name == "allTrue") return boolean_aggregate(call, true, true);
  if (name == "anyTrue") return boolean_aggregate(call, true, false);
  if (name == "allFalse") return boolean_aggregate(call, false, true);
  if (name == "anyFalse") return boolean_aggregate(call, false, false);
  if (name == "ofType" || name == "as") return of_type(call);
  if (name == "is") return is_function(call);
  if (name == "first" || name == "last" || name == "tail" || name == "single" || name == "skip" ||
      name == "take") {
    return subset(call);
  }
  if (name == "union" || name == "combine" || name == "intersect" || name == "exclude" ||
      name == "subsetOf" || name == "supersetOf") {
    return combining(call);
  }
  if (name == "iif") return iif(call);
  if (name == "not") return not_function(call);
  if (name == "resolve") return resolve(call);
  if (name == "extension") return extension(call);
  if (name == "memberOf") return member_of(call);
  if (name == "hasValue") {
    return call.boolean(focus.size() == 1 && !focus.front().node->is_object() &&
                        !focus.front().node->is_array());
  }
  if (name == "children") {
    Collection out;
    for (const Item& item : focus) evaluator.children(item, out);
    return out;
  }
  if (name == "descendants") return descendants(call);
  if (name == "trace") return focus;
  if (name == "now" || name == "today") return clock(call);
  if (name.starts_with("to") || name.starts_with("convertsTo")) {
    if (name != "toChars") return conversion(call);
  }
  return string_function(call);
}

}  // namespace gateway::fhirpath
