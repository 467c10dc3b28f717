// Evaluating a parsed FHIRPath expression against a FHIR resource in JSON, typed by the
// model. Reentrant: many threads may evaluate the same Expression and TypeModel at once.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "fhirpath/collection.hpp"
#include "fhirpath/expression.hpp"
#include "fhirpath/fhirpath_error.hpp"
#include "fhirpath/type_model.hpp"

namespace gateway::fhirpath {

// Values for %name constants beyond the built-in %resource, %rootResource, %context, %ucum,
// %sct and %loinc. Items must stay valid for the evaluation.
struct Environment {
  std::map<std::string, Collection, std::less<>> constants;
  // memberOf(valueSet): is (system, code) in the value set? (an empty system for a bare
  // code); nullopt when that cannot be decided. Without it memberOf() is empty.
  std::function<std::optional<bool>(std::string_view value_set, std::string_view system,
                                    std::string_view code)>
      member_of;
};

// Where an expression is evaluated inside a resource, as invariants are: the focus is the
// element a constraint is declared on (also %context), %resource the resource that holds it
// and %rootResource the one that contains that resource (the same unless it is contained).
struct Focus {
  Item context;
  Item resource;
  Item root_resource;
};

// The result's items point into `resource` (and into values they own): keep it alive and
// unchanged while you use them.
[[nodiscard]] Result<Collection, FhirPathError> evaluate(const Expression& expression,
                                                         const nlohmann::json& resource,
                                                         const TypeModel& model,
                                                         const Environment& environment = {});
[[nodiscard]] Result<Collection, FhirPathError> evaluate(const Expression& expression,
                                                         const Focus& focus, const TypeModel& model,
                                                         const Environment& environment = {});

}  // namespace gateway::fhirpath
