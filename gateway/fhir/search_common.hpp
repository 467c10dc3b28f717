// The search result parameters every resource type shares: _count, _summary, _elements,
// _total, and the lenient/strict handling preference; plus the helpers that apply them.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "fhir/request.hpp"

namespace gateway::fhir {

enum class SummaryMode { none, count, true_, text, data, false_ };
enum class TotalMode { accurate, none, estimate };

struct PagingLimits {
  std::size_t default_count = 20;
  std::size_t max_count = 100;
};

struct CommonSearchParams {
  std::size_t count = 20;
  SummaryMode summary = SummaryMode::none;
  std::vector<std::string> elements;  // top-level element names requested by _elements
  TotalMode total = TotalMode::accurate;
  std::optional<std::string> page_token;  // opaque cursor from a next/previous link (_page_token)
  std::vector<std::string> sort;          // "_sort" keys, '-' prefix for descending
};

// True when the request says `Prefer: handling=lenient`.
bool prefers_lenient(const Request& request);

// Reads the common parameters from `params`. Names starting with '_' that are not
// recognised here are left for the caller. Errors are ErrorKind::invalid_search_param.
Result<CommonSearchParams> parse_common_search_params(const QueryParams& params,
                                                      const PagingLimits& limits);

// True for parameter names handled by parse_common_search_params.
bool is_common_search_param(std::string_view name);

// Applies _elements (keeps id, meta, resourceType and the listed elements, marks the
// resource SUBSETTED) and _summary=true|text|data to one resource.
Json apply_elements(const Json& resource, const std::vector<std::string>& elements);
// `summary_elements` lists the elements flagged isSummary for the resource type (kept by
// true), `required_elements` those with min > 0 (kept beside text by text).
Json apply_summary(const Json& resource, SummaryMode mode,
                   const std::set<std::string>& summary_elements,
                   const std::set<std::string>& required_elements = {});

}  // namespace gateway::fhir
