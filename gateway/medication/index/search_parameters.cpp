// The supported search parameters; keep in step with profiles/tools/generate_profiles.py.
#include "medication/index/search_parameters.hpp"

#include <array>

namespace gateway::medication {
namespace {

using enum ParamType;
constexpr ResourceType kMpd = ResourceType::medicinal_product_definition;
constexpr ResourceType kApd = ResourceType::administrable_product_definition;
constexpr ResourceType kMid = ResourceType::manufactured_item_definition;
constexpr ResourceType kSd = ResourceType::substance_definition;

SearchParamSpec id_param() { return {"_id", token, "id", {}, false, "Logical id"}; }
SearchParamSpec last_updated_param() {
  return {"_lastUpdated", date, "meta.lastUpdated", {}, false, "Oppf/Tidspunkt"};
}

const std::array<std::vector<SearchParamSpec>, kResourceTypeCount>& table() {
  static const std::array<std::vector<SearchParamSpec>, kResourceTypeCount> kParams = {
      // MedicinalProductDefinition
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "FEST LegemiddelMerkevare Id"},
          {"name", string, "name.productName", {}, false, "Product name (NavnFormStyrke)"},
          {"product-classification", token, "classification", {}, true, "ATC code"},
          {"ingredient", token, "ingredient", {}, false, "Active substance (Virkestoff Id)"},
          {"dose-form", token, "combinedPharmaceuticalDoseForm", {}, false, "Dose form (7448)"},
          {"legal-status-of-supply",
           token,
           "legalStatusOfSupply",
           {},
           false,
           "Reseptgruppe (7421)"},
          {"route", token, "route", {}, false, "Route of administration (7477)"},
          {"status", token, "status", {}, false, "Publication status"},
      },
      // PackagedProductDefinition
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier",
           token,
           "identifier|package.identifier",
           {},
           false,
           "Pakning Id, varenummer or GTIN"},
          {"name", string, "name", {}, false, "Package name (NavnFormStyrke)"},
          {"package-for", reference, "packageFor", {kMpd}, false, "The medicinal product"},
          {"manufactured-item",
           reference,
           "package*.containedItem.item",
           {kMid},
           false,
           "The manufactured item"},
          {"legal-status-of-supply",
           token,
           "legalStatusOfSupply.code",
           {},
           false,
           "Reseptgruppe (7421)"},
          {"status", token, "status", {}, false, "Publication status"},
      },
      // Ingredient
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "Ingredient identifier"},
          {"for", reference, "for", {kMpd, kApd, kMid}, false, "The product"},
          {"role", token, "role", {}, false, "Ingredient role"},
          {"substance", reference, "substance.code", {kSd}, false, "The substance"},
          {"substance-code", token, "substance.code", {}, false, "The substance code"},
          {"status", token, "status", {}, false, "Publication status"},
      },
      // SubstanceDefinition
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "FEST Virkestoff Id"},
          {"name", string, "name.name", {}, false, "Substance name"},
          {"status", token, "status", {}, false, "Publication status"},
      },
      // ManufacturedItemDefinition
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "Manufactured item identifier"},
          {"dose-form", token, "manufacturedDoseForm", {}, false, "Dose form (7448)"},
          {"status", token, "status", {}, false, "Publication status"},
      },
      // AdministrableProductDefinition
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "FEST LegemiddelVirkestoff Id"},
          {"form-of", reference, "formOf", {kMpd}, false, "The medicinal products"},
          {"dose-form", token, "administrableDoseForm", {}, false, "Dose form (7448)"},
          {"route", token, "routeOfAdministration.code", {}, false, "Route (7477)"},
          {"manufactured-item", reference, "producedFrom", {kMid}, false, "The manufactured items"},
          {"ingredient", token, "ingredient", {}, false, "Active substance (Virkestoff Id)"},
          {"status", token, "status", {}, false, "Publication status"},
      },
      // RegulatedAuthorization
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "Authorization identifier"},
          {"subject", reference, "subject", {kMpd}, false, "The authorized product"},
          {"region", token, "region", {}, false, "Country"},
          {"status", token, "status", {}, false, "Authorization status"},
      },
      // ClinicalUseDefinition
      std::vector<SearchParamSpec>{
          id_param(),
          last_updated_param(),
          {"identifier", token, "identifier", {}, false, "FEST Interaksjon Id"},
          {"type", token, "type", {}, false, "interaction | warning"},
          {"interactant",
           token,
           "interaction.interactant.itemCodeableConcept",
           {},
           true,
           "ATC code of an interacting substance"},
          {"status", token, "status", {}, false, "Publication status"},
      },
  };
  return kParams;
}

}  // namespace

std::span<const SearchParamSpec> search_params(ResourceType type) {
  return table()[type_index(type)];
}

int find_search_param(ResourceType type, std::string_view code) {
  auto params = search_params(type);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

std::string search_param_url(ResourceType type, std::string_view code) {
  if (!code.empty() && code.front() == '_') code.remove_prefix(1);
  return std::string(kCanonicalBase) + "/SearchParameter/" + std::string(type_name(type)) + "-" +
         std::string(code);
}

std::string_view param_type_name(ParamType type) {
  switch (type) {
    case ParamType::token:
      return "token";
    case ParamType::string:
      return "string";
    case ParamType::reference:
      return "reference";
    case ParamType::date:
      return "date";
  }
  return "token";
}

}  // namespace gateway::medication
