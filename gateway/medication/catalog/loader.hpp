// Builds a catalog from a FEST file or an in-memory FEST catalog (import, map, index).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fhir/error.hpp"
#include "medication/catalog/catalog.hpp"
#include "medication/fest/model.hpp"

namespace gateway::medication {

struct LoadedCatalog {
  std::shared_ptr<const Catalog> catalog;
  std::vector<std::string> warnings;  // mapping problems that did not stop the import
};

// Maps and indexes `fest` (consumed: freed before the indexes are built); `info` says where it
// came from.
LoadedCatalog build_catalog(FestCatalog fest, CatalogInfo info);
// Imports the FEST file (xml, gz, zip) and builds the catalog. A malformed file is an error
// (ErrorKind::unprocessable) with the parser's line, column and element in the diagnostics.
fhir::Result<LoadedCatalog> load_catalog_from_fest(const std::string& path);

}  // namespace gateway::medication
