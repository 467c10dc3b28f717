// The validator's immutable model of a StructureDefinition snapshot: a tree of element
// definitions with what is checked on each (types, cardinality, fixed and pattern values,
// bindings, invariants, slicing), built once at start by structure_definitions.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fhirpath/expression.hpp"

namespace gateway::validation {

struct StructureDefinition;

inline constexpr int kUnbounded = -1;

struct TypeRef {
  std::string code;  // "string", "CodeableConcept", "Reference", "Resource", "Patient"
  // Reference and canonical: the resource types a target may have ("Resource": any). The
  // StructureDefinitions of profiled targets are resolved to their type.
  std::vector<std::string> target_types;
  std::vector<std::string> target_profiles;  // as written, resolved into target_types
  // type.profile: the StructureDefinitions a value of this type must conform to (extensions).
  std::vector<std::string> profiles;
  const StructureDefinition* definition = nullptr;  // the type's core definition, once linked
};

enum class ConstraintCheck {
  fhirpath,     // the expression, evaluated on the element
  has_content,  // ele-1, checked natively on every element: a value or children
  html,         // txt-1/txt-2 `htmlChecks()`: the narrative's XHTML rules
  // dom-3, checked natively from the local references the walk collects: every contained
  // resource is referred to from elsewhere in the resource, or refers to it with '#'
  contained_referenced,
};

struct Constraint {
  std::string key;    // "ait-1"
  bool error = true;  // severity error (else warning)
  std::string human;  // the constraint's own description
  std::string text;   // the FHIRPath text
  ConstraintCheck check = ConstraintCheck::fhirpath;
  std::shared_ptr<const fhirpath::Expression> expression;  // parsed once, shared
};

enum class BindingStrength { required, extensible, preferred, example };

struct Binding {
  BindingStrength strength = BindingStrength::example;
  std::string value_set;  // canonical URL without version
};

struct Discriminator {
  enum class Kind { value, pattern, exists, type, profile } kind = Kind::value;
  std::string path;  // "system", "coding.code", "$this", "url"
};

struct Slicing {
  std::vector<Discriminator> discriminators;
  bool ordered = false;
  bool closed = false;  // rules closed: every value must be in a slice
};

struct ElementDefinition {
  std::string path;        // "AllergyIntolerance.reaction.manifestation"
  std::string name;        // the JSON name without [x]: "manifestation", "value"
  std::string slice_name;  // set on a slice ("fnr")
  bool choice = false;     // value[x]: the JSON names are value + a type name
  int min = 0;
  int max = kUnbounded;
  std::vector<TypeRef> types;
  std::optional<nlohmann::json> fixed;    // fixed[x], compared exactly
  std::optional<nlohmann::json> pattern;  // pattern[x], the value must contain it
  std::optional<Binding> binding;
  std::vector<Constraint> constraints;
  // contentReference (#Questionnaire.item): the element whose children and types apply.
  std::string content_reference;
  const ElementDefinition* referenced = nullptr;
  std::optional<Slicing> slicing;
  std::vector<std::unique_ptr<ElementDefinition>> children;
  std::vector<std::unique_ptr<ElementDefinition>> slices;  // when slicing is set
  // Inside a data type the snapshot does not expand: the type's StructureDefinition
  // supplies the children.

  [[nodiscard]] bool repeats() const { return max == kUnbounded || max > 1; }
  [[nodiscard]] const ElementDefinition& effective() const {
    return referenced != nullptr ? *referenced : *this;
  }
};

enum class StructureKind { primitive_type, complex_type, resource, logical };

struct StructureDefinition {
  std::string url;   // canonical
  std::string type;  // "Patient", "Extension", "string"
  std::string name;
  StructureKind kind = StructureKind::complex_type;
  bool abstract = false;
  bool profile = false;  // derivation constraint
  ElementDefinition root;
};

}  // namespace gateway::validation
