// The functions the engine knows, with the number of arguments each takes: the parser
// refuses unknown names and wrong argument counts, the evaluator dispatches on the same names.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace gateway::fhirpath {

struct FunctionArity {
  std::size_t min = 0;
  std::size_t max = 0;
  bool type_argument = false;  // the argument is a type specifier (is, as, ofType)
};

[[nodiscard]] std::optional<FunctionArity> function_arity(std::string_view name);

}  // namespace gateway::fhirpath
