// FHIR search HTTP parameters to a store query, validated against the search parameter
// registry: every problem is collected and returned together.
#pragma once

#include "base/result.hpp"
#include "search/registry.hpp"
#include "search/search_request.hpp"

namespace gateway::search {

// Parses `input.params` for a search of `input.type`: parameters with modifiers and chains,
// _has, _id, _lastUpdated, _sort, _count, _total, _include, _revinclude, _summary,
// _elements, _page_token (_format and _pretty are left to the REST layer).
[[nodiscard]] gateway::Result<ParsedSearch, SearchError> parse_search(
    const SearchRegistry& registry, const SearchInput& input);

}  // namespace gateway::search
