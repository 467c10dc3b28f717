// Runs a parsed query against one catalog: matching, keyset paging, _include/_revinclude.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "medication/catalog/catalog.hpp"
#include "medication/search/query.hpp"

namespace gateway::medication {

struct IncludedResource {
  ResourceType type;
  std::uint32_t ordinal;
};

struct SearchPage {
  std::vector<std::uint32_t> matches;  // ordinals of query.type, in page order
  std::size_t total = 0;               // all matches
  std::optional<Cursor> next;
  std::optional<Cursor> previous;
  std::vector<IncludedResource> included;
  bool include_truncated = false;  // more included resources than max_include
};

SearchPage execute_search(const Catalog& catalog, const SearchQuery& query,
                          std::size_t max_include);

// The ordinals matching one clause, sorted ascending (exposed for tests).
std::vector<std::uint32_t> match_clause(const TypeTable& table, ResourceType type,
                                        const ParamClause& clause);

}  // namespace gateway::medication
