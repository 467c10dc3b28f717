// The error value of the FHIRPath engine: what went wrong (parse, limits, evaluation, model
// load) and where in the expression text.
#pragma once

#include <cstddef>
#include <string>

namespace gateway::fhirpath {

enum class ErrorKind {
  syntax,            // the text is not a FHIRPath expression
  unknown_function,  // a function name the engine does not know
  wrong_arguments,   // a known function called with the wrong number or kind of arguments
  too_long,          // the text is longer than ParseLimits::max_length
  too_deep,          // nesting deeper than ParseLimits::max_depth
  unknown_type,      // is/as/ofType with a type the model does not know
  unknown_variable,  // %name that the environment does not define
  evaluation,        // a runtime error (e.g. a singleton expected, a bad regular expression)
  model,             // the type model could not be loaded
};

struct FhirPathError {
  ErrorKind kind = ErrorKind::syntax;
  std::string message;
  std::size_t position = 0;  // offset in the expression text (0 for model errors)
};

}  // namespace gateway::fhirpath
