// What the REST layer hands to query parsing and gets back: the parsed store query, the result
// shaping the REST layer applies itself (_summary, _elements) and every problem found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fhir/operation_outcome.hpp"
#include "fhir/request.hpp"
#include "fhir/search_common.hpp"
#include "storage/search_query.hpp"

namespace gateway::search {

struct SearchInput {
  std::string type;                           // the resource type searched (a stored type)
  const fhir::QueryParams* params = nullptr;  // percent-decoded, in order
  bool lenient = false;       // Prefer: handling=lenient: unknown parameters are ignored
  std::string base_url;       // this server's FHIR base, e.g. "https://gw.example/fhir"
  std::int64_t now_ms = 0;    // the current time (ms since the epoch) for `ap` dates
  fhir::PagingLimits limits;  // _count default and bound
};

// How the REST layer renders each match; the store does not see it.
struct ResultShape {
  fhir::SummaryMode summary = fhir::SummaryMode::none;
  std::vector<std::string> elements;  // _elements, validated element names
};

struct ParsedSearch {
  storage::SearchQuery query;
  ResultShape shape;
  std::optional<std::string> page_token;  // _page_token as given (the REST layer decodes it)
  // Parameters ignored under lenient handling, as warning issues for the Bundle's outcome.
  std::vector<fhir::Issue> warnings;
};

// Every problem with the parameters, each issue's expression naming the parameter. The REST
// layer answers with search_error_response().
struct SearchError {
  std::vector<fhir::Issue> issues;
};

// 400 with one OperationOutcome holding every issue.
fhir::Response search_error_response(const SearchError& error);

}  // namespace gateway::search
