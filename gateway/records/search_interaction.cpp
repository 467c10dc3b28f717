// Search on a stored type: parse, run in the caller's compartment scope, write the
// searchset with self and next links that carry the cursor.
#include <string>

#include "fhir/bundle.hpp"
#include "fhir/operation_outcome.hpp"
#include "records/interactions.hpp"
#include "records/page_token.hpp"
#include "records/store_errors.hpp"
#include "records/write_support.hpp"

namespace gateway::records {
namespace {

using fhir::ErrorKind;

std::string page_url(const RecordsContext& records, std::string_view type,
                     const fhir::QueryParams& canonical, const std::optional<storage::Cursor>& at) {
  std::string url = records.base_url + "/" + std::string(type);
  fhir::QueryParams params = canonical;
  if (at) params.emplace_back("_page_token", search_page_token(*at));
  if (!params.empty()) url += "?" + fhir::encode_query(params);
  return url;
}

// An entry's text shaped by _elements or _summary (included resources by their own type's
// summary elements).
std::string entry_text(const SearchSupport& search, const ParsedSearch& parsed,
                       const storage::StoredVersion& version) {
  const bool summary = parsed.summary == fhir::SummaryMode::true_ ||
                       parsed.summary == fhir::SummaryMode::text ||
                       parsed.summary == fhir::SummaryMode::data;
  if (parsed.elements.empty() && !summary) return version.json;
  const fhir::Json resource = fhir::Json::parse(version.json);
  if (!parsed.elements.empty()) return fhir::apply_elements(resource, parsed.elements).dump();
  const SummaryElements& elements = search.summary_elements(version.type);
  return fhir::apply_summary(resource, parsed.summary, elements.summary, elements.required).dump();
}

fhir::Response run_search(const RecordsContext& records, std::string_view type,
                          const fhir::Request& request, const fhir::QueryParams& all) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  fhir::QueryParams params;
  std::optional<storage::Cursor> cursor;
  for (const auto& [name, value] : all) {
    if (name != "_page_token") {
      params.emplace_back(name, value);
      continue;
    }
    cursor = parse_search_page_token(value);
    if (!cursor) {
      return fhir::error_response(fhir::make_error(ErrorKind::invalid_search_param,
                                                   "_page_token is not one this server issued",
                                                   "_page_token"));
    }
  }
  auto parsed = records.search.parse(type, params, fhir::prefers_lenient(request));
  if (!parsed) return fhir::error_response(parsed.error());
  parsed->query.cursor = cursor;
  auto page = (*store)->search(parsed->query);
  if (!page)
    return fhir::error_response(to_fhir_error(page.error(), std::string(type) + " search"));

  fhir::SearchsetLinks links;
  links.self = page_url(records, type, parsed->canonical, cursor);
  if (page->next) links.next = page_url(records, type, parsed->canonical, page->next);
  std::optional<std::size_t> total;
  if (page->total) total = static_cast<std::size_t>(*page->total);
  fhir::SearchsetWriter writer(records.base_url, total, links);
  for (const auto& match : page->matches) {
    writer.add(match.type, match.id, entry_text(records.search, *parsed, match), "match");
  }
  for (const auto& included : page->included) {
    writer.add(included.type, included.id, entry_text(records.search, *parsed, included),
               "include");
  }
  fhir::Response response = fhir::make_response(200, std::move(writer).finish());
  response.audit.query = fhir::encode_query(all);
  for (const auto* versions : {&page->matches, &page->included}) {
    for (const auto& version : *versions) {
      response.audit.resources.push_back(version.type + "/" + version.id);
    }
  }
  return response;
}

}  // namespace

fhir::Response handle_search(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request) {
  if (request.method != "POST") return run_search(records, type, request, request.query);
  auto form = fhir::parse_query(request.body);
  if (!form) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::invalid_request, "The form body of _search is malformed"));
  }
  fhir::QueryParams params = request.query;
  params.insert(params.end(), form->begin(), form->end());
  return run_search(records, type, request, params);
}

}  // namespace gateway::records
