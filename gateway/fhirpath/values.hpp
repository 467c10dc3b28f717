// FHIRPath values of items for the operators: equality, equivalence, ordering, and the
// String / number / date-time views of an item (internal to the evaluator).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "fhirpath/collection.hpp"

namespace gateway::fhirpath {

enum class ValueKind { other, boolean, integer, decimal, string, date_time, time, quantity };

// The kind of value an item holds, from its type (or its JSON when the type is unknown).
[[nodiscard]] ValueKind value_kind(const Item& item);
[[nodiscard]] bool is_numeric(ValueKind kind);
[[nodiscard]] double number_of(const Item& item);  // integer or decimal item

// `=`: nullopt when indeterminate (date-times of different precision).
[[nodiscard]] std::optional<bool> equal(const Item& left, const Item& right);
// `~`
[[nodiscard]] bool equivalent(const Item& left, const Item& right);
// <0, 0, >0; nullopt when not comparable (different kinds, different precision).
[[nodiscard]] std::optional<int> compare(const Item& left, const Item& right);
// The text of a primitive item (toString); nullopt for complex items.
[[nodiscard]] std::optional<std::string> string_of(const Item& item);

}  // namespace gateway::fhirpath
