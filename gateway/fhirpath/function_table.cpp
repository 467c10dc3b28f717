// The arity table of the known functions (see function_table.hpp).
#include "fhirpath/function_table.hpp"

#include <array>
#include <utility>

namespace gateway::fhirpath {

namespace {

struct Entry {
  std::string_view name;
  FunctionArity arity;
};

constexpr std::array kFunctions = {
    Entry{"empty", {0, 0}},
    Entry{"exists", {0, 1}},
    Entry{"all", {1, 1}},
    Entry{"allTrue", {0, 0}},
    Entry{"anyTrue", {0, 0}},
    Entry{"allFalse", {0, 0}},
    Entry{"anyFalse", {0, 0}},
    Entry{"count", {0, 0}},
    Entry{"distinct", {0, 0}},
    Entry{"isDistinct", {0, 0}},
    Entry{"where", {1, 1}},
    Entry{"select", {1, 1}},
    Entry{"repeat", {1, 1}},
    Entry{"ofType", {1, 1, true}},
    Entry{"as", {1, 1, true}},
    Entry{"is", {1, 1, true}},
    Entry{"first", {0, 0}},
    Entry{"last", {0, 0}},
    Entry{"tail", {0, 0}},
    Entry{"skip", {1, 1}},
    Entry{"take", {1, 1}},
    Entry{"single", {0, 0}},
    Entry{"union", {1, 1}},
    Entry{"combine", {1, 1}},
    Entry{"intersect", {1, 1}},
    Entry{"exclude", {1, 1}},
    Entry{"subsetOf", {1, 1}},
    Entry{"supersetOf", {1, 1}},
    Entry{"iif", {2, 3}},
    Entry{"not", {0, 0}},
    Entry{"resolve", {0, 0}},
    Entry{"extension", {1, 1}},
    Entry{"hasValue", {0, 0}},
    Entry{"children", {0, 0}},
    Entry{"descendants", {0, 0}},
    Entry{"startsWith", {1, 1}},
    Entry{"endsWith", {1, 1}},
    Entry{"contains", {1, 1}},
    Entry{"matches", {1, 1}},
    Entry{"replaceMatches", {2, 2}},
    Entry{"replace", {2, 2}},
    Entry{"lower", {0, 0}},
    Entry{"upper", {0, 0}},
    Entry{"substring", {1, 2}},
    Entry{"length", {0, 0}},
    Entry{"indexOf", {1, 1}},
    Entry{"trim", {0, 0}},
    Entry{"toChars", {0, 0}},
    Entry{"toString", {0, 0}},
    Entry{"toInteger", {0, 0}},
    Entry{"toDecimal", {0, 0}},
    Entry{"toBoolean", {0, 0}},
    Entry{"convertsToString", {0, 0}},
    Entry{"convertsToInteger", {0, 0}},
    Entry{"convertsToDecimal", {0, 0}},
    Entry{"convertsToBoolean", {0, 0}},
    Entry{"trace", {1, 2}},
    Entry{"memberOf", {1, 1}},
    Entry{"now", {0, 0}},
    Entry{"today", {0, 0}},
};

}  // namespace

std::optional<FunctionArity> function_arity(std::string_view name) {
  for (const Entry& entry : kFunctions) {
    if (entry.name == name) return entry.arity;
  }
  return std::nullopt;
}

}  // namespace gateway::fhirpath
