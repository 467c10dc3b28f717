// Evaluating a parsed FHIRPath expression against a FHIR resource in JSON, typed by the
// model. Reentrant: many threads may evaluate the same Expression and TypeModel at once.
#pragma once

#include <map>
#include <string>

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
};

// The result's items point into `resource` (and into values they own): keep it alive and
// unchanged while you use them.
[[nodiscard]] Result<Collection, FhirPathError> evaluate(const Expression& expression,
                                                         const nlohmann::json& resource,
                                                         const TypeModel& model,
                                                         const Environment& environment = {});

}  // namespace gateway::fhirpath
