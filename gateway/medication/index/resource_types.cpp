// Names, profile URLs and summary elements of the served resource types.
#include "medication/index/resource_types.hpp"

#include <map>

namespace gateway::medication {
namespace {

constexpr std::array<std::string_view, kResourceTypeCount> kNames = {
    "MedicinalProductDefinition", "PackagedProductDefinition",  "Ingredient",
    "SubstanceDefinition",        "ManufacturedItemDefinition", "AdministrableProductDefinition",
    "RegulatedAuthorization",     "ClinicalUseDefinition",
};

constexpr std::array<std::string_view, kResourceTypeCount> kProfileIds = {
    "fest-medicinal-product-definition",
    "fest-packaged-product-definition",
    "fest-ingredient",
    "fest-substance-definition",
    "fest-manufactured-item-definition",
    "fest-administrable-product-definition",
    "fest-regulated-authorization",
    "fest-clinical-use-definition",
};

// Top-level elements of each type in R4B (all of them are isSummary).
const std::array<std::set<std::string>, kResourceTypeCount>& summary_table() {
  static const std::array<std::set<std::string>, kResourceTypeCount> kTable = {
      std::set<std::string>{"identifier",
                            "type",
                            "domain",
                            "version",
                            "status",
                            "statusDate",
                            "description",
                            "combinedPharmaceuticalDoseForm",
                            "route",
                            "indication",
                            "legalStatusOfSupply",
                            "additionalMonitoringIndicator",
                            "specialMeasures",
                            "pediatricUseIndicator",
                            "classification",
                            "marketingStatus",
                            "packagedMedicinalProduct",
                            "ingredient",
                            "impurity",
                            "attachedDocument",
                            "masterFile",
                            "contact",
                            "clinicalTrial",
                            "code",
                            "name",
                            "crossReference",
                            "operation",
                            "characteristic"},
      std::set<std::string>{"identifier", "name", "type", "packageFor", "status", "statusDate",
                            "containedItemQuantity", "description", "legalStatusOfSupply",
                            "marketingStatus", "characteristic", "copackagedIndicator",
                            "manufacturer", "package"},
      std::set<std::string>{"identifier", "status", "for", "role", "function",
                            "allergenicIndicator", "manufacturer", "substance"},
      std::set<std::string>{"identifier", "version", "status", "classification", "domain", "grade",
                            "description", "informationSource", "note", "manufacturer", "supplier",
                            "moiety", "property", "molecularWeight", "structure", "code", "name",
                            "relationship", "sourceMaterial"},
      std::set<std::string>{"identifier", "status", "manufacturedDoseForm", "unitOfPresentation",
                            "manufacturer", "ingredient", "property"},
      std::set<std::string>{"identifier", "status", "formOf", "administrableDoseForm",
                            "unitOfPresentation", "producedFrom", "ingredient", "device",
                            "property", "routeOfAdministration"},
      std::set<std::string>{"identifier", "subject", "type", "description", "region", "status",
                            "statusDate", "validityPeriod", "indication", "intendedUse", "basis",
                            "holder", "regulator", "case"},
      std::set<std::string>{"identifier", "type", "category", "subject", "status",
                            "contraindication", "indication", "interaction", "population",
                            "undesirableEffect", "warning"},
  };
  return kTable;
}

}  // namespace

std::string_view type_name(ResourceType type) { return kNames[type_index(type)]; }

std::optional<ResourceType> parse_type_name(std::string_view name) {
  for (ResourceType type : kAllResourceTypes) {
    if (type_name(type) == name) return type;
  }
  return std::nullopt;
}

std::string profile_url(ResourceType type) {
  return std::string(kCanonicalBase) + "/StructureDefinition/" +
         std::string(kProfileIds[type_index(type)]);
}

const std::set<std::string>& summary_elements(ResourceType type) {
  return summary_table()[type_index(type)];
}

}  // namespace gateway::medication
