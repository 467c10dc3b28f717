// Conversions from XML element content to the FEST model's value types (Coded, PQ, numbers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "medication/fest/model.hpp"
#include "medication/fest/xml_reader.hpp"

namespace gateway::medication {

// The text of an optional element that is present.
std::optional<std::string> to_text(std::string_view text);
Coded to_coded(const KithAttributes& attributes);
PhysicalQuantity to_quantity(const KithAttributes& attributes);
Decimal to_decimal(std::string_view text);
// xs:boolean: "true"/"1" and "false"/"0"; anything else is absent.
std::optional<bool> to_bool(std::string_view text);
std::optional<int> to_int(std::string_view text);

}  // namespace gateway::medication
