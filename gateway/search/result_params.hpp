// The result parameters that need the registry: _sort keys and _include / _revinclude values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "search/registry.hpp"
#include "storage/search_query.hpp"

namespace gateway::search {

// "-date,_id" -> sort keys by parameter type; the error names the bad key.
[[nodiscard]] gateway::Result<std::vector<storage::SortKey>, std::string> parse_sort(
    const SearchRegistry& registry, std::string_view type, std::string_view value);

// "Type:param[:target]" of _include (reverse = false; Type must be the searched type) or
// _revinclude (reverse = true; param must be able to refer to the searched type).
[[nodiscard]] gateway::Result<storage::Include, std::string> parse_include(
    const SearchRegistry& registry, std::string_view type, std::string_view value, bool reverse);

}  // namespace gateway::search
