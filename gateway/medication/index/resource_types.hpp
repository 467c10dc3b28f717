// The eight FHIR R4B IDMP resource types the medication catalog serves, with their profiles.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace gateway::medication {

enum class ResourceType : std::uint8_t {
  medicinal_product_definition,
  packaged_product_definition,
  ingredient,
  substance_definition,
  manufactured_item_definition,
  administrable_product_definition,
  regulated_authorization,
  clinical_use_definition,
};

inline constexpr std::size_t kResourceTypeCount = 8;

inline constexpr std::array<ResourceType, kResourceTypeCount> kAllResourceTypes = {
    ResourceType::medicinal_product_definition,
    ResourceType::packaged_product_definition,
    ResourceType::ingredient,
    ResourceType::substance_definition,
    ResourceType::manufactured_item_definition,
    ResourceType::administrable_product_definition,
    ResourceType::regulated_authorization,
    ResourceType::clinical_use_definition,
};

// The canonical base of everything this project publishes (profiles, search parameters).
inline constexpr std::string_view kCanonicalBase = "https://fhir-gateway.example.no/fhir";

std::string_view type_name(ResourceType type);  // "MedicinalProductDefinition"
std::optional<ResourceType> parse_type_name(std::string_view name);
inline std::size_t type_index(ResourceType type) { return static_cast<std::size_t>(type); }

// Canonical URL of our constraint profile on `type` (profiles/StructureDefinition-*.json).
std::string profile_url(ResourceType type);
// Elements flagged isSummary in R4B (every element of these resources is).
const std::set<std::string>& summary_elements(ResourceType type);

}  // namespace gateway::medication
