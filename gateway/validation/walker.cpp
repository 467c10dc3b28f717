// The structural walk: JSON members matched to element definitions (choice types, `_name`
// parts of primitives), array or single, cardinality, then each occurrence by its type.
#include "validation/walker.hpp"

#include "validation/primitive_formats.hpp"

namespace gateway::validation {
namespace {

using nlohmann::json;

const std::vector<std::unique_ptr<ElementDefinition>> kNoChildren;

bool capitalised_equals(std::string_view suffix, std::string_view code) {
  if (suffix.size() != code.size() || suffix.empty()) return false;
  const char first =
      code[0] >= 'a' && code[0] <= 'z' ? static_cast<char>(code[0] - 'a' + 'A') : code[0];
  return suffix[0] == first && suffix.substr(1) == code.substr(1);
}

// The child definition a JSON name belongs to, and for a choice the type it names.
const ElementDefinition* find_child(const std::vector<std::unique_ptr<ElementDefinition>>& children,
                                    std::string_view name, const TypeRef*& type) {
  type = nullptr;
  for (const auto& child : children) {
    if (!child->choice) {
      if (child->name == name) return child.get();
      continue;
    }
    if (name.size() <= child->name.size() || !name.starts_with(child->name)) continue;
    const std::string_view suffix = name.substr(child->name.size());
    for (const TypeRef& candidate : child->types) {
      if (capitalised_equals(suffix, candidate.code)) {
        type = &candidate;
        return child.get();
      }
    }
  }
  return nullptr;
}

// The children a value of `element` is checked against: the element's own (backbone
// elements, profiled data types) or its type's.
const std::vector<std::unique_ptr<ElementDefinition>>& children_of(const ElementDefinition& element,
                                                                   const TypeRef& type) {
  const ElementDefinition& effective = element.effective();
  if (!effective.children.empty()) return effective.children;
  if (type.definition != nullptr) return type.definition->root.children;
  return kNoChildren;
}

std::string cardinality(const ElementDefinition& element) {
  return std::to_string(element.min) + ".." +
         (element.max == kUnbounded ? std::string("*") : std::to_string(element.max));
}

}  // namespace

void Walker::add(std::string severity, std::string code, std::string diagnostics,
                 std::string path) {
  if (issues_.size() > kMaxIssueCount) return;
  if (issues_.size() == kMaxIssueCount) {
    issues_.push_back({"information", "too-costly", "further issues were not reported", ""});
    return;
  }
  issues_.push_back(
      {std::move(severity), std::move(code), std::move(diagnostics), std::move(path)});
}

void Walker::resource(const json& value, const StructureDefinition& definition,
                      const std::string& path, const Frame* container) {
  if (!value.is_object()) {
    error("structure", "a resource must be a JSON object", path);
    return;
  }
  const auto type = value.find("resourceType");
  if (type == value.end() || !type->is_string()) {
    error("structure", "resourceType is missing", path);
    return;
  }
  if (type->get_ref<const std::string&>() != definition.type) {
    error("structure", "resourceType " + type->get<std::string>() + " is not " + definition.type,
          path);
    return;
  }
  Frame frame;
  frame.resource = &value;
  frame.resource_type = model_.resource_type(definition.type);
  frame.root = container != nullptr ? container->root : &value;
  frame.root_type = container != nullptr ? container->root_type : frame.resource_type;
  object(value, definition.root.children, path, frame, "resourceType");
  fhirpath::Item focus;
  focus.node = &value;
  focus.type = frame.resource_type;
  constraints({&definition.root.constraints}, focus, path, frame);
}

void Walker::object(const json& value,
                    const std::vector<std::unique_ptr<ElementDefinition>>& children,
                    const std::string& path, const Frame& frame, std::string_view skipped) {
  std::vector<Member> members;
  members.reserve(value.size());
  for (const auto& [key, member_value] : value.items()) {
    if (!skipped.empty() && key == skipped) continue;
    const bool extra = key.size() > 1 && key[0] == '_';
    const std::string_view name = extra ? std::string_view(key).substr(1) : std::string_view(key);
    const TypeRef* type = nullptr;
    const ElementDefinition* element = find_child(children, name, type);
    if (element == nullptr) {
      error("structure", "unknown element '" + key + "'", path + "." + key);
      continue;
    }
    Member* slot = nullptr;
    for (Member& existing : members) {
      if (existing.element == element) slot = &existing;
    }
    if (slot != nullptr && slot->key != name) {
      error("structure",
            "only one of the choices of " + element->name + "[x] may be present (" + slot->key +
                ", " + std::string(name) + ")",
            path + "." + std::string(name));
      continue;
    }
    if (slot == nullptr) {
      members.push_back(Member{element, std::string(name), type, nullptr, nullptr});
      slot = &members.back();
    }
    (extra ? slot->extra : slot->value) = &member_value;
  }
  for (const auto& child : children) {
    if (child->min == 0 && child->slices.empty()) continue;
    bool present = false;
    for (const Member& m : members) present = present || m.element == child.get();
    if (!present && child->min == 0) {
      missing_slices(*child, path + "." + child->name);
    } else if (!present) {
      error("required",
            "minimum required = " + std::to_string(child->min) + ", but only found 0 (" +
                child->name + (child->choice ? "[x]" : "") + ")",
            path + "." + child->name);
    }
  }
  for (const Member& m : members) member(m, path, frame);
}

void Walker::member(const Member& m, const std::string& path, const Frame& frame) {
  const ElementDefinition& element = *m.element;
  const bool repeats = element.repeats();
  std::string base = path + "." + m.key;
  if (element.choice && m.type != nullptr)
    base = path + "." + element.name + ".ofType(" + m.type->code + ")";
  for (const json* part : {m.value, m.extra}) {
    if (part == nullptr) continue;
    if (repeats && !part->is_array()) {
      error("structure",
            element.name + " repeats (" + cardinality(element) + "): it must be an array", base);
      return;
    }
    if (!repeats && part->is_array()) {
      error(
          "structure",
          element.name + " does not repeat (" + cardinality(element) + "): it must not be an array",
          base);
      return;
    }
  }
  std::vector<Occurrence> items;
  if (repeats) {
    const std::size_t values = m.value != nullptr ? m.value->size() : 0;
    const std::size_t extras = m.extra != nullptr ? m.extra->size() : 0;
    if (m.value != nullptr && m.extra != nullptr && values != extras) {
      error("structure", m.key + " and _" + m.key + " must have the same length", base);
      return;
    }
    const std::size_t count = std::max(values, extras);
    if (count == 0) {
      error("structure", "an array must not be empty (leave " + m.key + " out)", base);
      return;
    }
    for (std::size_t i = 0; i < count; ++i) {
      Occurrence item;
      item.value = i < values && !(*m.value)[i].is_null() ? &(*m.value)[i] : nullptr;
      item.extra = i < extras && !(*m.extra)[i].is_null() ? &(*m.extra)[i] : nullptr;
      item.path = base + "[" + std::to_string(i) + "]";
      if (item.value == nullptr && item.extra == nullptr) {
        error("structure", "null is not a value", item.path);
        continue;
      }
      items.push_back(std::move(item));
    }
  } else {
    Occurrence item{m.value, m.extra, base};
    if (item.value != nullptr && item.value->is_null()) item.value = nullptr;
    if (item.value == nullptr && item.extra == nullptr) {
      error("structure", "null is not a value (leave " + m.key + " out)", base);
      return;
    }
    items.push_back(std::move(item));
  }
  const int count = static_cast<int>(items.size());
  if (element.max != kUnbounded && count > element.max) {
    error(
        "structure",
        "maximum allowed = " + std::to_string(element.max) + ", but found " + std::to_string(count),
        base);
  }
  if (element.slicing && !element.slices.empty()) {
    sliced(items, element, m.type, frame, base);
    return;
  }
  for (const Occurrence& item : items) occurrence(item, element, m.type, frame);
}

void Walker::occurrence(const Occurrence& item, const ElementDefinition& element,
                        const TypeRef* type, const Frame& frame) {
  const ElementDefinition& effective = element.effective();
  if (type == nullptr) {
    if (effective.types.size() == 1) {
      type = &effective.types.front();
    } else if (!element.types.empty()) {
      type = &element.types.front();
    } else {
      return;  // the definition does not say; nothing more to check
    }
  }
  if (is_primitive_type(type->code)) {
    primitive(item, element, type->code, frame);
  } else {
    complex(item, element, *type, frame);
  }
}

void Walker::primitive(const Occurrence& item, const ElementDefinition& element,
                       const std::string& code, const Frame& frame) {
  if (item.value != nullptr) {
    if (item.value->is_object() || item.value->is_array()) {
      error("structure", "a " + code + " must be a JSON primitive, not an object or array",
            item.path);
      return;
    }
    if (std::string problem = primitive_problem(code, *item.value); !problem.empty()) {
      error("value", std::move(problem), item.path);
      return;
    }
    fixed_and_pattern(*item.value, element, item.path);
    if (element.binding) binding(*item.value, code, *element.binding, item.path);
    if ((code == "canonical" || code == "uri" || code == "url") && item.value->is_string() &&
        item.value->get_ref<const std::string&>().starts_with('#')) {
      local_reference(item.value->get_ref<const std::string&>(), frame);
    }
  }
  if (item.extra != nullptr) {
    if (!item.extra->is_object()) {
      error("structure", "_" + element.name + " must be a JSON object (id, extension)", item.path);
    } else {
      const StructureDefinition* definition = definitions_.core(code);
      // a primitive's element part: its id and extensions (its `value` is the JSON value)
      const auto& children = definition != nullptr ? definition->root.children : kNoChildren;
      bool content = false;
      for (const auto& [key, part] : item.extra->items()) {
        content = content || key != "id";
        if (key == "value") error("structure", "unknown element 'value'", item.path + ".value");
      }
      if (item.value == nullptr && !content) {
        error("invariant", "ele-1: all FHIR elements must have a @value or children", item.path);
      }
      // `value` is reported above; the walk checks id and extension
      object(*item.extra, children, item.path, frame, "value");
    }
  }
  fhirpath::Item focus;
  focus.node = item.value != nullptr ? item.value : item.extra;
  focus.primitive_element = item.extra;
  focus.type = model_.find(code);
  constraints({&element.constraints}, focus, item.path, frame);
}

void Walker::complex(const Occurrence& item, const ElementDefinition& element, const TypeRef& type,
                     const Frame& frame) {
  if (item.extra != nullptr) {
    error("structure", "only primitive elements have a _" + element.name + " part", item.path);
  }
  if (item.value == nullptr) return;
  const json& value = *item.value;
  // resource types read on first use are not linked into the element: look them up
  const StructureDefinition* type_definition =
      type.definition != nullptr ? type.definition : definitions_.core(type.code);
  if (type.code == "Resource" ||
      (type_definition != nullptr && type_definition->kind == StructureKind::resource)) {
    const StructureDefinition* actual = nullptr;
    if (value.is_object()) {
      if (const auto name = value.find("resourceType"); name != value.end() && name->is_string()) {
        actual = definitions_.core(name->get<std::string>());
      }
    }
    if (actual == nullptr || actual->kind != StructureKind::resource) {
      error("structure", "not a resource of a known type (resourceType)", item.path);
      return;
    }
    resource(value, *actual, item.path, &frame);
    return;
  }
  if (!value.is_object()) {
    error("structure", "a " + type.code + " must be a JSON object", item.path);
    return;
  }
  bool content = false;
  for (const auto& [key, part] : value.items()) content = content || key != "id";
  if (!content) {
    error("invariant", "ele-1: all FHIR elements must have a @value or children", item.path);
    return;
  }
  const ElementDefinition* extension = nullptr;
  if (type.code == "Extension" && element.effective().children.empty()) {
    // an extension with a definition we know is checked against it
    if (const auto url = value.find("url"); url != value.end() && url->is_string()) {
      if (const StructureDefinition* known = definitions_.find(url->get<std::string>());
          known != nullptr && known->type == "Extension") {
        extension = &known->root;
      } else if (element.name == "modifierExtension") {
        warning("extension", "unknown modifier extension " + url->get<std::string>(), item.path);
      }
    }
  }
  const auto& children = extension != nullptr ? extension->children : children_of(element, type);
  object(value, children, item.path, frame, {});
  fixed_and_pattern(value, element, item.path);
  if (element.binding) binding(value, type.code, *element.binding, item.path);
  if (type.code == "Reference") reference(value, type, item.path, frame);

  fhirpath::Item focus;
  focus.node = &value;
  focus.type = fhirpath_type(element, type.code);
  const bool own_children = !element.effective().children.empty();
  constraints(
      {&element.constraints, extension != nullptr ? &extension->constraints : nullptr,
       type_definition != nullptr && !own_children ? &type_definition->root.constraints : nullptr},
      focus, item.path, frame);
}

}  // namespace gateway::validation
