// Writes a searchset Bundle as bytes, splicing in the pre-serialised resources (no re-parse
// unless _elements or _summary reshape them).
#pragma once

#include <string>

#include "medication/catalog/catalog.hpp"
#include "medication/search/execution.hpp"
#include "medication/search/query.hpp"

namespace gateway::medication {

// `base_url` is the public FHIR base without a trailing slash ("https://host/fhir").
std::string write_searchset(const Catalog& catalog, const SearchQuery& query,
                            const SearchPage& page, const std::string& base_url);

}  // namespace gateway::medication
