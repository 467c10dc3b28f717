// Shared helpers of the medication (FHIR side) tests: the fixture catalog and lookups.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <variant>

#include "fhir/json.hpp"
#include "medication/catalog/catalog.hpp"
#include "medication/catalog/loader.hpp"
#include "medication/fest/import.hpp"
#include "medication/idmp/mapping.hpp"

namespace gateway::medication::testing {

using fhir::Json;

inline std::string fixture_path(const std::string& name) {
  return std::string(FEST_FIXTURE_DIR) + "/" + name;
}

// The FEST excerpt of fixtures/fest, imported once.
inline const FestCatalog& excerpt() {
  static const FestCatalog fest = [] {
    auto result = import_fest_file(fixture_path("fest-excerpt.xml"));
    if (auto* error = std::get_if<ImportError>(&result)) {
      ADD_FAILURE() << "fixture import failed: " << error->message;
      return FestCatalog{};
    }
    return std::get<FestCatalog>(std::move(result));
  }();
  return fest;
}

inline std::shared_ptr<const Catalog> catalog_of(const FestCatalog& fest,
                                                 std::string label = "test") {
  return build_catalog(fest, CatalogInfo{std::move(label), {}, 0, 0}).catalog;
}

inline std::shared_ptr<const Catalog> excerpt_catalog() {
  static const std::shared_ptr<const Catalog> catalog = catalog_of(excerpt(), "excerpt");
  return catalog;
}

// The served JSON of one resource (parsed), or null when absent.
inline Json served(const Catalog& catalog, ResourceType type, const std::string& id) {
  const StoredResource* stored = catalog.find(type, id);
  return stored ? Json::parse(*stored->resource.json) : Json();
}

inline Json served(ResourceType type, const std::string& id) {
  return served(*excerpt_catalog(), type, id);
}

// Mapping only, for tests that build their own FEST data.
inline Json mapped(const FestCatalog& fest, ResourceType type, const std::string& id) {
  for (auto& r : map_fest_catalog(fest).resources) {
    if (r.type == type && r.id == id) return r.resource;
  }
  return Json();
}

}  // namespace gateway::medication::testing
