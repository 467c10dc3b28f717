// The whole catalog translated back to one FEST M30 document (the reverse translation of
// idmp/to_fest applied to every product and package the catalog serves).
#pragma once

#include <string>

#include "medication/catalog/catalog.hpp"

namespace gateway::medication {

// A FEST M30 document (KatLegemiddelMerkevare, KatLegemiddelpakning, KatVirkestoff) with every
// product, its strengths and every package of `catalog`, Oppf entries stamped `timestamp`.
std::string catalog_to_fest_document(const Catalog& catalog, const std::string& timestamp);

}  // namespace gateway::medication
