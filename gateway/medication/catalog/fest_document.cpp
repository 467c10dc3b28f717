// Catalog -> FEST document: each product with its Ingredients and holder, then each package.
#include "medication/catalog/fest_document.hpp"

#include <cstdint>
#include <vector>

#include "fhir/json.hpp"
#include "medication/idmp/to_fest.hpp"
#include "medication/index/search_parameters.hpp"

namespace gateway::medication {
namespace {

using fhir::Json;

// The Ingredients whose "for" is `product`.
std::vector<Json> ingredients_of(const Catalog& catalog, const Json& product) {
  const TypeTable& table = catalog.table(ResourceType::ingredient);
  const auto& refs = table.params[find_search_param(ResourceType::ingredient, "for")].references;
  std::vector<Json> all;
  if (auto it = refs.find("MedicinalProductDefinition/" + product["id"].get<std::string>());
      it != refs.end()) {
    for (std::uint32_t o : it->second)
      all.push_back(Json::parse(*table.resources[o].resource.json));
  }
  return all;
}

}  // namespace

std::string catalog_to_fest_document(const Catalog& catalog, const std::string& timestamp) {
  FestDocumentWriter document(timestamp);
  for (const auto& stored : catalog.table(ResourceType::medicinal_product_definition).resources) {
    const Json product = Json::parse(*stored.resource.json);
    std::string produsent;
    if (const auto* ra =
            catalog.find(ResourceType::regulated_authorization, "ra-" + stored.resource.id)) {
      produsent = Json::parse(*ra->resource.json)["holder"].value("display", "");
    }
    document.add_product(product, ingredients_of(catalog, product), produsent);
  }
  for (const auto& stored : catalog.table(ResourceType::packaged_product_definition).resources) {
    document.add_package(Json::parse(*stored.resource.json));
  }
  return document.finish();
}

}  // namespace gateway::medication
