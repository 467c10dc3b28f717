// History of one resource or of a whole stored type: newest first, with _since, _count and
// next links, each entry with its request and response as FHIR's history Bundle has them.
#include <charconv>
#include <string>

#include "fhir/instant.hpp"
#include "fhir/operation_outcome.hpp"
#include "records/interactions.hpp"
#include "records/page_token.hpp"
#include "records/store_errors.hpp"
#include "records/version_response.hpp"
#include "records/write_support.hpp"

namespace gateway::records {
namespace {

using fhir::ErrorKind;
using fhir::Json;

fhir::Error bad_param(std::string name, std::string what) {
  return fhir::make_error(ErrorKind::invalid_search_param, std::move(what), std::move(name));
}

struct HistoryParams {
  storage::HistoryQuery query;
  fhir::QueryParams canonical;  // for the links, without the page token
};

fhir::Result<HistoryParams> parse_history_params(const RecordsContext& records,
                                                 const fhir::QueryParams& params) {
  HistoryParams out;
  out.query.count = records.config.paging.default_count;
  for (const auto& [name, value] : params) {
    if (name == "_since") {
      auto since = fhir::parse_instant(value);
      if (!since) return bad_param(name, "_since must be an instant such as 2026-01-01T00:00:00Z");
      out.query.since = *since;
      out.canonical.emplace_back(name, value);
    } else if (name == "_count") {
      std::size_t count = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
      if (ec != std::errc{} || end != value.data() + value.size()) {
        return bad_param(name, "_count must be a non-negative integer");
      }
      out.query.count = std::min(count, records.config.paging.max_count);
      out.canonical.emplace_back(name, std::to_string(out.query.count));
    } else if (name == "_page_token") {
      auto before = parse_history_page_token(value);
      if (!before) return bad_param(name, "_page_token is not one this server issued");
      out.query.before_sequence = *before;
    } else if (name == "_format" || name == "_pretty") {
      continue;
    } else {
      return bad_param(name, "Unknown parameter for _history: " + name);
    }
  }
  return out;
}

Json history_entry(const RecordsContext& records, const storage::StoredVersion& version) {
  const std::string relative = version.type + "/" + version.id;
  Json entry = Json::object();
  entry["fullUrl"] = records.base_url + "/" + relative;
  if (!version.deleted) entry["resource"] = Json::parse(version.json);
  Json request = Json::object();
  if (version.deleted) {
    request["method"] = "DELETE";
    request["url"] = relative;
  } else if (version.version == 1) {
    request["method"] = "POST";
    request["url"] = version.type;
  } else {
    request["method"] = "PUT";
    request["url"] = relative;
  }
  entry["request"] = std::move(request);
  Json response = Json::object();
  response["status"] = version.deleted ? "204" : (version.version == 1 ? "201" : "200");
  response["etag"] = version_etag(version);
  response["lastModified"] = fhir::format_instant(version.last_updated);
  entry["response"] = std::move(response);
  return entry;
}

std::string link_url(const std::string& base, const fhir::QueryParams& canonical,
                     std::optional<std::int64_t> before) {
  fhir::QueryParams params = canonical;
  if (before) params.emplace_back("_page_token", std::to_string(*before));
  return params.empty() ? base : base + "?" + fhir::encode_query(params);
}

}  // namespace

fhir::Response handle_history(const RecordsContext& records, std::string_view type,
                              const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  auto params = parse_history_params(records, request.query);
  if (!params) return fhir::error_response(params.error());
  params->query.type = std::string(type);
  params->query.id = std::string(request.path_param("id"));
  auto page = (*store)->history(params->query);
  if (!page)
    return fhir::error_response(to_fhir_error(page.error(), std::string(type) + " history"));

  std::string base = records.base_url + "/" + std::string(type);
  if (!params->query.id.empty()) base += "/" + params->query.id;
  base += "/_history";
  Json bundle = Json::object();
  bundle["resourceType"] = "Bundle";
  bundle["type"] = "history";
  Json links = Json::array();
  links.push_back({{"relation", "self"},
                   {"url", link_url(base, params->canonical, params->query.before_sequence)}});
  if (page->next_before_sequence) {
    links.push_back({{"relation", "next"},
                     {"url", link_url(base, params->canonical, page->next_before_sequence)}});
  }
  bundle["link"] = std::move(links);
  Json entries = Json::array();
  for (const auto& version : page->versions) entries.push_back(history_entry(records, version));
  bundle["entry"] = std::move(entries);
  fhir::Response response = fhir::make_response(200, bundle.dump());
  response.audit.query = fhir::encode_query(request.query);
  for (const auto& version : page->versions) {
    response.audit.resources.push_back(version.type + "/" + version.id);
  }
  return response;
}

}  // namespace gateway::records
