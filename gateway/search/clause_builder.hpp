// One search parameter with its modifier and value (comma-separated alternatives) to one store
// clause, by the parameter's type. Chains and _has are assembled from these by the parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "search/search_parameter.hpp"
#include "storage/search_query.hpp"

namespace gateway::search {

struct ClauseContext {
  std::string_view base_url;  // this server's base, without a trailing '/'
  std::int64_t now_ms = 0;    // for `ap` on dates
};

// What went wrong, for the client (the caller adds the parameter name as expression).
struct ClauseProblem {
  std::string diagnostics;
  bool unsupported = false;  // a valid FHIR form the gateway does not support
};

// `modifier` is what followed ':' in the name (empty when none).
[[nodiscard]] gateway::Result<storage::Clause, ClauseProblem> build_clause(
    const ClauseContext& context, const SearchParameter& param, std::string_view modifier,
    std::string_view value);

// Widens an `ap` date range by 10% of its distance to `now_ms`, at least one day each side.
storage::DateMatch approximate_date(std::int64_t low, std::int64_t high, std::int64_t now_ms);

}  // namespace gateway::search
