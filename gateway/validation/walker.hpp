// One validation run (internal to the validator): walks a resource's JSON beside its
// element definitions and collects the issues. Created per call; holds no shared state.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fhir/operation_outcome.hpp"
#include "fhirpath/collection.hpp"
#include "fhirpath/evaluate.hpp"
#include "fhirpath/type_model.hpp"
#include "validation/element_definition.hpp"
#include "validation/structure_definitions.hpp"
#include "validation/terminology.hpp"

namespace gateway::validation {

// At most this many issues are reported for one resource; one more says the rest were cut.
inline constexpr std::size_t kMaxIssueCount = 200;

class Walker {
 public:
  Walker(const StructureDefinitions& definitions, const Terminology& terminology,
         const fhirpath::TypeModel& model, std::vector<fhir::Issue>& issues)
      : definitions_(definitions), terminology_(terminology), model_(model), issues_(issues) {
    // memberOf() in invariants asks the same terminology the bindings use
    environment_.member_of = [this](std::string_view value_set, std::string_view system,
                                    std::string_view code) -> std::optional<bool> {
      const Membership membership = system.empty() ? terminology_.contains_code(value_set, code)
                                                   : terminology_.contains(value_set, system, code);
      if (membership == Membership::unknown) return std::nullopt;
      return membership == Membership::member;
    };
  }
  Walker(const Walker&) = delete;
  Walker& operator=(const Walker&) = delete;

  // A resource at `path` checked against `definition` (its type's or a profile of it);
  // `container` is the resource holding it when it is contained or in a Bundle.
  void resource(const nlohmann::json& value, const StructureDefinition& definition,
                const std::string& path) {
    resource(value, definition, path, nullptr);
  }

 private:
  // The resource being walked: what %resource and %rootResource mean and where #id
  // references look for contained resources.
  struct Frame {
    const nlohmann::json* resource = nullptr;
    const nlohmann::json* root = nullptr;
    const fhirpath::TypeInfo* resource_type = nullptr;
    const fhirpath::TypeInfo* root_type = nullptr;
  };

  // One member of a JSON object matched to its element definition.
  struct Member {
    const ElementDefinition* element = nullptr;
    std::string key;                // the JSON name (valueQuantity)
    const TypeRef* type = nullptr;  // the choice's type, else null
    const nlohmann::json* value = nullptr;
    const nlohmann::json* extra = nullptr;  // the primitive's `_name`
  };

  // One occurrence of an element: a value, its `_name` part, or both.
  struct Occurrence {
    const nlohmann::json* value = nullptr;
    const nlohmann::json* extra = nullptr;
    std::string path;
  };

  void resource(const nlohmann::json& value, const StructureDefinition& definition,
                const std::string& path, const Frame* container);
  // The members of a JSON object against `children`; `skipped` is a member checked
  // elsewhere (resourceType at a resource's root, `value` in a primitive's `_name` part).
  void object(const nlohmann::json& value,
              const std::vector<std::unique_ptr<ElementDefinition>>& children,
              const std::string& path, const Frame& frame, std::string_view skipped);
  void member(const Member& member, const std::string& path, const Frame& frame);
  void occurrence(const Occurrence& item, const ElementDefinition& element, const TypeRef* type,
                  const Frame& frame);
  void primitive(const Occurrence& item, const ElementDefinition& element, const std::string& code,
                 const Frame& frame);
  void complex(const Occurrence& item, const ElementDefinition& element, const TypeRef& type,
               const Frame& frame);

  // walker_slicing.cpp: the occurrences of a sliced element assigned to slices, checked
  // against their slice and counted; the others against the base element.
  void sliced(const std::vector<Occurrence>& items, const ElementDefinition& element,
              const TypeRef* type, const Frame& frame, const std::string& base);
  // The slices of `element` that require a value none of which is present.
  void missing_slices(const ElementDefinition& element, const std::string& path);
  [[nodiscard]] const ElementDefinition* descend(const ElementDefinition& from,
                                                 std::string_view path) const;
  // `type`: the choice type the value's JSON name gives (valueQuantity), else null.
  [[nodiscard]] bool in_slice(const nlohmann::json& value, const TypeRef* type,
                              const ElementDefinition& slice, const Slicing& slicing) const;

  // walker_checks.cpp
  void fixed_and_pattern(const nlohmann::json& value, const ElementDefinition& element,
                         const std::string& path);
  void binding(const nlohmann::json& value, const std::string& code, const Binding& binding,
               const std::string& path);
  void reference(const nlohmann::json& value, const TypeRef& type, const std::string& path,
                 const Frame& frame);
  // The constraints of the lists, each key once (an element repeats its type's).
  void constraints(std::initializer_list<const std::vector<Constraint>*> lists,
                   const fhirpath::Item& focus, const std::string& path, const Frame& frame);
  [[nodiscard]] const fhirpath::TypeInfo* fhirpath_type(const ElementDefinition& element,
                                                        std::string_view code) const;

  // dom-3 over what the walk collected: the ids of contained resources no one refers to.
  [[nodiscard]] bool contained_resources_referenced(const Frame& frame) const;
  void local_reference(std::string_view reference, const Frame& frame);

  void add(std::string severity, std::string code, std::string diagnostics, std::string path);
  void error(std::string code, std::string diagnostics, std::string path) {
    add("error", std::move(code), std::move(diagnostics), std::move(path));
  }
  void warning(std::string code, std::string diagnostics, std::string path) {
    add("warning", std::move(code), std::move(diagnostics), std::move(path));
  }

  const StructureDefinitions& definitions_;
  const Terminology& terminology_;
  const fhirpath::TypeModel& model_;
  std::vector<fhir::Issue>& issues_;
  fhirpath::Environment environment_;
  // Every '#id' reference met so far, and the contained resources that refer to their
  // container with '#' (for dom-3).
  std::vector<std::string_view> local_references_;
  std::vector<const nlohmann::json*> refer_to_container_;
};

}  // namespace gateway::validation
