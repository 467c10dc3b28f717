// What a FHIRPath expression yields: an ordered collection of items, each a JSON node inside
// the evaluated resource (or a computed value it owns) with its FHIR or System type.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fhirpath/type_model.hpp"

namespace gateway::fhirpath {

struct Item {
  const nlohmann::json* node = nullptr;               // never null in a collection
  const nlohmann::json* primitive_element = nullptr;  // a primitive's `_name` (id, extension)
  const TypeInfo* type = nullptr;                     // nullptr when the model does not know it
  std::shared_ptr<const nlohmann::json> owned;        // keeps a computed value alive

  const nlohmann::json& json() const { return *node; }
  // "CodeableConcept", "date", "Patient", "BackboneElement", "String" (System); "" if unknown.
  std::string_view type_name() const { return type != nullptr ? std::string_view(type->name) : ""; }
};

using Collection = std::vector<Item>;

// An item that owns its value (literals, function results).
[[nodiscard]] inline Item owned_item(nlohmann::json value, const TypeInfo* type) {
  Item item;
  item.owned = std::make_shared<const nlohmann::json>(std::move(value));
  item.node = item.owned.get();
  item.type = type;
  return item;
}

}  // namespace gateway::fhirpath
