// Bundle.searchset serialisation with self/next/previous links from the public base URL.
#include "medication/searchset_writer.hpp"

#include <cstdio>

#include "fhir/json.hpp"
#include "fhir/operation_outcome.hpp"
#include "ops/json_string.hpp"

namespace gateway::medication {
namespace {

using fhir::Json;

std::string page_url(const std::string& base, const SearchQuery& query,
                     const std::optional<Cursor>& cursor) {
  std::string url = base + "/" + std::string(type_name(query.type));
  char sep = '?';
  for (const auto& [name, value] : query.applied) {
    url += sep;
    url += url_encode(name);
    url += '=';
    url += url_encode(value);
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

// The resource as the query asks for it: the stored bytes, or a reshaped copy.
std::string shaped(const StoredResource& stored, const SearchQuery& query) {
  Json resource = Json::parse(*stored.resource.json);
  if (query.common.summary != fhir::SummaryMode::none &&
      query.common.summary != fhir::SummaryMode::false_) {
    resource =
        fhir::apply_summary(resource, query.common.summary, summary_elements(stored.resource.type));
  } else {
    resource = fhir::apply_elements(resource, query.common.elements);
  }
  return resource.dump();
}

// `full_url_start` is the opening of the fullUrl literal (quote and escaped base URL, see
// write_searchset), or empty for an entry without one.
void append_entry(std::string& out, bool& first, std::string_view full_url_start,
                  const StoredResource* stored, std::string_view resource, std::string_view mode) {
  out += first ? "" : ",";
  first = false;
  if (stored) {
    // FHIR ids and type names never need escaping: [A-Za-z0-9.-].
    out += "{\"fullUrl\":";
    out += full_url_start;
    out += '/';
    out += type_name(stored->resource.type);
    out += '/';
    out += stored->resource.id;
    out += "\",\"resource\":";
  } else {
    out += "{\"resource\":";
  }
  out += resource;
  out += ",\"search\":{\"mode\":\"";
  out += mode;
  out += "\"}}";
}

void append_stored_entry(std::string& out, bool& first, std::string_view full_url_start,
                         const StoredResource& stored, const SearchQuery& query,
                         std::string_view mode) {
  if (reshapes(query)) {
    append_entry(out, first, full_url_start, &stored, shaped(stored, query), mode);
  } else {
    append_entry(out, first, full_url_start, &stored, *stored.resource.json, mode);
  }
}

void append_link(std::string& out, bool& first, std::string_view relation, const std::string& url) {
  out += first ? "[" : ",";
  first = false;
  out += R"({"relation":")";
  out += relation;
  out += R"(","url":)";
  ops::append_json_string(out, url);
  out += "}";
}

}  // namespace

std::string url_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == ':' || c == ',') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string write_searchset(const Catalog& catalog, const SearchQuery& query,
                            const SearchPage& page, const std::string& base_url) {
  const TypeTable& own = catalog.table(query.type);
  std::size_t expected = 1024;
  for (std::uint32_t o : page.matches) expected += own.resources[o].resource.json->size() + 256;
  for (const IncludedResource& inc : page.included) {
    expected += catalog.table(inc.type).resources[inc.ordinal].resource.json->size() + 256;
  }
  std::string out;
  out.reserve(expected);
  out += R"({"resourceType":"Bundle","type":"searchset")";
  if (query.common.total != fhir::TotalMode::none ||
      query.common.summary == fhir::SummaryMode::count) {
    out += ",\"total\":" + std::to_string(page.total);
  }
  out += ",\"link\":";
  bool first_link = true;
  append_link(out, first_link, "self", page_url(base_url, query, query.cursor));
  if (page.next) append_link(out, first_link, "next", page_url(base_url, query, page.next));
  if (page.previous) {
    append_link(out, first_link, "previous", page_url(base_url, query, page.previous));
  }
  out += "]";
  std::vector<fhir::Issue> issues = query.ignored;
  if (page.include_truncated) {
    issues.push_back({"warning", "incomplete",
                      "More resources matched _include/_revinclude than the configured maximum; "
                      "the included set is truncated",
                      "_include"});
  }
  if (!page.matches.empty() || !page.included.empty() || !issues.empty()) {
    std::string full_url_start;
    ops::append_json_string(full_url_start, base_url);
    full_url_start.pop_back();  // the closing quote comes after the id
    out += ",\"entry\":[";
    bool first = true;
    for (std::uint32_t o : page.matches) {
      append_stored_entry(out, first, full_url_start, own.resources[o], query, "match");
    }
    for (const IncludedResource& inc : page.included) {
      const StoredResource& stored = catalog.table(inc.type).resources[inc.ordinal];
      append_stored_entry(out, first, full_url_start, stored, query, "include");
    }
    if (!issues.empty()) {
      append_entry(out, first, "", nullptr, fhir::make_operation_outcome(issues).dump(), "outcome");
    }
    out += "]";
  }
  out += "}";
  return out;
}

}  // namespace gateway::medication
