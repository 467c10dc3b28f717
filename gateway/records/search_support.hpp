// What the records handlers need from the search module, as an interface the module face
// wires: a resource's index rows at write, and a parsed search. Keeps the handlers free of
// SearchParameter details and testable on their own.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/capability.hpp"
#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "fhir/request.hpp"
#include "fhir/search_common.hpp"
#include "storage/index_values.hpp"
#include "storage/search_query.hpp"

namespace gateway::records {

struct ParsedSearch {
  storage::SearchQuery query;
  fhir::SummaryMode summary = fhir::SummaryMode::none;
  std::vector<std::string> elements;
  // The parameters as understood, in a canonical form, for the self and next links.
  fhir::QueryParams canonical;
};

// The JSON member names of a type's top-level elements that _summary keeps: those flagged
// isSummary (for true), those with min > 0 (kept beside text for text). Choice elements
// appear under each of their type names (valueQuantity), primitives also as _name.
struct SummaryElements {
  std::set<std::string> summary;
  std::set<std::string> required;
};

class SearchSupport {
 public:
  virtual ~SearchSupport() = default;
  // The index rows and compartments of `resource` (of `type`); 400/422 when it cannot be
  // indexed (e.g. too many values).
  [[nodiscard]] virtual fhir::Result<storage::IndexValues> index(
      std::string_view type, const fhir::Json& resource) const = 0;
  // A search of `type` from its parameters (page token excluded); every problem in one error.
  [[nodiscard]] virtual fhir::Result<ParsedSearch> parse(std::string_view type,
                                                         const fhir::QueryParams& params,
                                                         bool lenient) const = 0;
  // Empty for a type that is not stored.
  [[nodiscard]] virtual const SummaryElements& summary_elements(std::string_view type) const = 0;
  // The search parameters and includes `type` supports, for the CapabilityStatement.
  virtual void describe(std::string_view type, fhir::ResourceCapability& capability) const = 0;
};

}  // namespace gateway::records
