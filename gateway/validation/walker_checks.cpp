// The checks on one value: fixed and pattern values, bindings, reference targets, and the
// invariants (constraint expressions) evaluated with the FHIRPath engine.
#include <algorithm>

#include "fhirpath/evaluate.hpp"
#include "validation/json_members.hpp"
#include "validation/narrative_check.hpp"
#include "validation/value_match.hpp"
#include "validation/walker.hpp"

namespace gateway::validation {
namespace {

using nlohmann::json;

bool allows(const TypeRef& type, std::string_view target) {
  if (type.target_types.empty()) return true;
  return std::any_of(
      type.target_types.begin(), type.target_types.end(),
      [&](const std::string& allowed) { return allowed == "Resource" || allowed == target; });
}

std::string allowed_list(const TypeRef& type) {
  std::string out;
  for (const std::string& target : type.target_types) out += (out.empty() ? "" : ", ") + target;
  return out;
}

}  // namespace

void Walker::fixed_and_pattern(const json& value, const ElementDefinition& element,
                               const std::string& path) {
  if (element.fixed && !(value == *element.fixed)) {
    error("value", "the value must be exactly " + element.fixed->dump(), path);
  }
  if (element.pattern && !matches_pattern(*element.pattern, value)) {
    error("value", "the value must match the pattern " + element.pattern->dump(), path);
  }
}

void Walker::binding(const json& value, const std::string& code, const Binding& binding,
                     const std::string& path) {
  const bool required = binding.strength == BindingStrength::required;
  if (!required && binding.strength != BindingStrength::extensible) return;
  if (!terminology_.knows_value_set(binding.value_set)) return;
  const std::string severity = required ? "error" : "warning";
  const std::string strength = required ? "required" : "extensible";
  if (code == "code" || code == "string" || code == "uri") {
    if (!value.is_string()) return;
    const std::string& text = value.get_ref<const std::string&>();
    if (terminology_.contains_code(binding.value_set, text) == Membership::not_member) {
      add(severity, "code-invalid",
          "the code '" + text + "' is not in the value set " + binding.value_set + " (" + strength +
              ")",
          path);
    }
    return;
  }
  const auto coding_membership = [&](const json& coding) {
    const std::string_view system = string_member(coding, "system");
    const std::string_view code_value = string_member(coding, "code");
    if (code_value.empty()) return Membership::unknown;
    return system.empty() ? terminology_.contains_code(binding.value_set, code_value)
                          : terminology_.contains(binding.value_set, system, code_value);
  };
  if (code == "Coding") {
    if (coding_membership(value) == Membership::not_member) {
      add(severity, "code-invalid",
          "the coding " + std::string(string_member(value, "system")) + "#" +
              std::string(string_member(value, "code")) + " is not in the value set " +
              binding.value_set + " (" + strength + ")",
          path);
    }
    return;
  }
  if (code != "CodeableConcept") return;
  const auto codings = value.find("coding");
  bool any_code = false;
  if (codings != value.end() && codings->is_array()) {
    for (const auto& coding : *codings) {
      const Membership membership = coding_membership(coding);
      if (membership != Membership::not_member) {
        if (!string_member(coding, "code").empty()) return;  // a member, or not decidable here
        continue;
      }
      any_code = true;
    }
  }
  if (any_code) {
    add(severity, "code-invalid",
        "none of the codings is in the value set " + binding.value_set + " (" + strength + ")",
        path);
  } else if (required) {
    add(severity, "code-invalid", "a code from the value set " + binding.value_set + " is required",
        path);
  }
}

void Walker::reference(const json& value, const TypeRef& type, const std::string& path,
                       const Frame& frame) {
  std::string_view target;
  const std::string_view text = string_member(value, "reference");
  if (!text.empty() && text.front() == '#') {
    local_reference(text, frame);
    // a missing contained resource is ref-1's finding; here only its type is checked
    const std::string_view id = text.substr(1);
    if (id.empty()) {
      target = string_member(*frame.root, "resourceType");
    } else if (const auto contained = frame.root->find("contained");
               contained != frame.root->end() && contained->is_array()) {
      for (const auto& resource : *contained) {
        if (string_member(resource, "id") == id) target = string_member(resource, "resourceType");
      }
    }
  } else if (!text.empty()) {
    std::string_view rest = text;
    if (const std::size_t history = rest.find("/_history/"); history != std::string_view::npos) {
      rest = rest.substr(0, history);
    }
    const std::size_t last = rest.rfind('/');
    const bool absolute = text.find(':') != std::string_view::npos;
    if (last != std::string_view::npos && last > 0) {
      const std::size_t before = rest.rfind('/', last - 1);
      const std::string_view candidate =
          rest.substr(before == std::string_view::npos ? 0 : before + 1,
                      last - (before == std::string_view::npos ? 0 : before + 1));
      const StructureDefinition* definition = definitions_.core(candidate);
      if (definition != nullptr && definition->kind == StructureKind::resource) target = candidate;
    }
    if (target.empty() && !absolute) {
      error("value", "a relative reference must be Type/id of a resource type",
            path + ".reference");
      return;
    }
  }
  if (!target.empty() && !allows(type, target)) {
    error("structure",
          "the reference is to a " + std::string(target) + ", but only " + allowed_list(type) +
              " is allowed here",
          path);
  }
  const std::string_view declared = string_member(value, "type");
  if (!declared.empty() && !allows(type, declared)) {
    error("structure",
          "type " + std::string(declared) + " is not allowed here (" + allowed_list(type) + ")",
          path + ".type");
  }
}

void Walker::local_reference(std::string_view reference, const Frame& frame) {
  if (reference == "#" && frame.resource != frame.root) {
    refer_to_container_.push_back(frame.resource);
  } else {
    local_references_.push_back(reference);
  }
}

bool Walker::contained_resources_referenced(const Frame& frame) const {
  if (frame.resource != frame.root) return true;  // dom-2: contained resources contain none
  const auto contained = frame.root->find("contained");
  if (contained == frame.root->end() || !contained->is_array()) return true;
  for (const auto& resource : *contained) {
    if (std::find(refer_to_container_.begin(), refer_to_container_.end(), &resource) !=
        refer_to_container_.end()) {
      continue;
    }
    const std::string_view id = string_member(resource, "id");
    const bool referred =
        !id.empty() &&
        std::any_of(local_references_.begin(), local_references_.end(),
                    [&](std::string_view reference) { return reference.substr(1) == id; });
    if (!referred) return false;
  }
  return true;
}

const fhirpath::TypeInfo* Walker::fhirpath_type(const ElementDefinition& element,
                                                std::string_view code) const {
  if (code == "BackboneElement" || code == "Element") {
    return model_.backbone(element.effective().path);
  }
  return model_.find(code);
}

void Walker::constraints(std::initializer_list<const std::vector<Constraint>*> lists,
                         const fhirpath::Item& focus, const std::string& path, const Frame& frame) {
  std::vector<std::string_view> done;
  bool html_done = false;  // txt-1 and txt-2 are the same check
  for (const std::vector<Constraint>* list : lists) {
    if (list == nullptr) continue;
    for (const Constraint& c : *list) {
      if (c.check == ConstraintCheck::has_content) continue;  // the walk checks ele-1
      if (c.check == ConstraintCheck::contained_referenced) {
        if (!contained_resources_referenced(frame)) {
          add(c.error ? "error" : "warning", "invariant",
              "constraint failed: " + c.key + ": " + c.human, path);
        }
        continue;
      }
      if (std::find(done.begin(), done.end(), c.key) != done.end()) continue;
      done.push_back(c.key);
      const std::string severity = c.error ? "error" : "warning";
      if (c.check == ConstraintCheck::html) {
        if (html_done || !focus.node->is_string()) continue;
        html_done = true;
        if (std::string problem = narrative_problem(focus.node->get_ref<const std::string&>());
            !problem.empty()) {
          add(severity, "invariant", c.key + ": " + problem, path);
        }
        continue;
      }
      fhirpath::Item resource;
      resource.node = frame.resource;
      resource.type = frame.resource_type;
      fhirpath::Item root;
      root.node = frame.root;
      root.type = frame.root_type;
      const auto result = fhirpath::evaluate(*c.expression, fhirpath::Focus{focus, resource, root},
                                             model_, environment_);
      if (!result) {
        add(severity, "invariant",
            c.key + " could not be evaluated (" + result.error().message + "): " + c.human, path);
        continue;
      }
      const bool failed = result->size() == 1 && result->front().node->is_boolean() &&
                          !result->front().node->get<bool>();
      if (failed) add(severity, "invariant", "constraint failed: " + c.key + ": " + c.human, path);
    }
  }
}

}  // namespace gateway::validation
