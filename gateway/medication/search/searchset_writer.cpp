// Bundle.searchset serialisation with self/next/previous links from the public base URL.
#include "medication/search/searchset_writer.hpp"

#include <vector>

#include "fhir/bundle.hpp"
#include "fhir/json.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::medication {
namespace {

using fhir::Json;

std::string page_url(const std::string& base, const SearchQuery& query,
                     const std::optional<Cursor>& cursor) {
  std::string url = base + "/" + std::string(type_name(query.type));
  char sep = '?';
  for (const auto& [name, value] : query.applied) {
    url += sep;
    url += fhir::percent_encode(name);
    url += '=';
    url += fhir::percent_encode(value);
    sep = '&';
  }
  if (cursor) {
    url += sep;
    url += "_page_token=" + encode_cursor(*cursor);
  }
  return url;
}

bool reshapes(const SearchQuery& query) {
  const auto mode = query.common.summary;
  return !query.common.elements.empty() || mode == fhir::SummaryMode::true_ ||
         mode == fhir::SummaryMode::text || mode == fhir::SummaryMode::data;
}

// The resource as the query asks for it: the stored bytes, or a reshaped copy kept in
// `scratch`.
std::string_view entry_bytes(const StoredResource& stored, const SearchQuery& query,
                             std::string& scratch) {
  if (!reshapes(query)) return *stored.resource.json;
  const Json resource = Json::parse(*stored.resource.json);
  const auto summary = query.common.summary;
  scratch =
      summary != fhir::SummaryMode::none && summary != fhir::SummaryMode::false_
          ? fhir::apply_summary(resource, summary, summary_elements(stored.resource.type)).dump()
          : fhir::apply_elements(resource, query.common.elements).dump();
  return scratch;
}

}  // namespace

std::string write_searchset(const Catalog& catalog, const SearchQuery& query,
                            const SearchPage& page, const std::string& base_url) {
  std::vector<const StoredResource*> entries;
  entries.reserve(page.matches.size() + page.included.size());
  const TypeTable& own = catalog.table(query.type);
  for (std::uint32_t o : page.matches) entries.push_back(&own.resources[o]);
  for (const IncludedResource& inc : page.included) {
    entries.push_back(&catalog.table(inc.type).resources[inc.ordinal]);
  }
  std::size_t expected = 0;
  for (const StoredResource* stored : entries) expected += stored->resource.json->size() + 256;

  const bool with_total = query.common.total != fhir::TotalMode::none ||
                          query.common.summary == fhir::SummaryMode::count;
  fhir::SearchsetLinks links{page_url(base_url, query, query.cursor), std::nullopt, std::nullopt};
  if (page.next) links.next = page_url(base_url, query, page.next);
  if (page.previous) links.previous = page_url(base_url, query, page.previous);
  fhir::SearchsetWriter writer(base_url,
                               with_total ? std::optional<std::size_t>(page.total) : std::nullopt,
                               links, expected);
  std::string scratch;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const StoredResource& stored = *entries[i];
    writer.add(type_name(stored.resource.type), stored.resource.id,
               entry_bytes(stored, query, scratch), i < page.matches.size() ? "match" : "include");
  }
  std::vector<fhir::Issue> issues = query.ignored;
  if (page.include_truncated) {
    issues.push_back({"warning", "incomplete",
                      "More resources matched _include/_revinclude than the configured maximum; "
                      "the included set is truncated",
                      "_include"});
  }
  if (!issues.empty()) writer.add_outcome(fhir::make_operation_outcome(issues).dump());
  return std::move(writer).finish();
}

}  // namespace gateway::medication
