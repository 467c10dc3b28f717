// A search request parsed into a typed query: parameter clauses, includes, sort, paging.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/operation_outcome.hpp"
#include "fhir/request.hpp"
#include "fhir/search_common.hpp"
#include "medication/index/resource_types.hpp"
#include "medication/index/timestamps.hpp"
#include "medication/search/cursor.hpp"

namespace gateway::medication {

enum class Modifier { none, exact, contains, below, type };
enum class DatePrefix { eq, ne, gt, ge, lt, le, sa, eb };

struct ParamValue {
  // token: [system|]code (has_system says whether a '|' was given); string/reference: text.
  bool has_system = false;
  std::string system;
  std::string code;
  std::string text;
  // date
  DatePrefix prefix = DatePrefix::eq;
  EpochRange range{0, 0};
};

struct ParamClause {
  int param = -1;  // index into search_params(type)
  Modifier modifier = Modifier::none;
  std::optional<ResourceType> type_modifier;  // reference :[type]
  std::vector<ParamValue> values;             // any of them (comma-separated)
};

struct IncludeSpec {
  ResourceType source;  // the type holding the reference parameter
  int param = -1;       // index into search_params(source)
  std::optional<ResourceType> target;
};

struct SearchQuery {
  ResourceType type = ResourceType::medicinal_product_definition;
  std::vector<ParamClause> clauses;  // all must match
  std::vector<IncludeSpec> includes;
  std::vector<IncludeSpec> revincludes;
  SortKey sort = SortKey::id;
  bool descending = false;
  fhir::CommonSearchParams common;
  std::optional<Cursor> cursor;
  // The parameters that were applied, in request order, without _page_token: the self link.
  fhir::QueryParams applied;
  // Under Prefer: handling=lenient, what was ignored (reported in the Bundle).
  std::vector<fhir::Issue> ignored;
};

// Unknown or malformed parameters fail with ErrorKind::invalid_search_param naming the
// parameter in `expression`, unless `lenient`, where they are skipped and listed in `ignored`.
fhir::Result<SearchQuery> parse_search_query(ResourceType type, const fhir::QueryParams& params,
                                             bool lenient, const fhir::PagingLimits& limits);

}  // namespace gateway::medication
