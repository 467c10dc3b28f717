// Bundle.searchset serialisation with self/next/previous links from the public base URL.
#include "medication/searchset_writer.hpp"

#include <cstdio>

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

std::string shaped(const StoredResource& stored, const SearchQuery& query) {
  if (!reshapes(query)) return *stored.resource.json;
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

void append_entry(std::string& out, bool& first, const std::string& full_url,
                  const std::string& resource, std::string_view mode) {
  out += first ? "" : ",";
  first = false;
  if (!full_url.empty()) {
    out += "{\"fullUrl\":";
    out += Json(full_url).dump();
    out += ",\"resource\":";
  } else {
    out += "{\"resource\":";
  }
  out += resource;
  out += ",\"search\":{\"mode\":\"";
  out += mode;
  out += "\"}}";
}

std::string full_url(const std::string& base, const StoredResource& stored) {
  return base + "/" + std::string(type_name(stored.resource.type)) + "/" + stored.resource.id;
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
  std::string out;
  out.reserve(512 + page.matches.size() * 2048);
  out += R"({"resourceType":"Bundle","type":"searchset")";
  if (query.common.total != fhir::TotalMode::none ||
      query.common.summary == fhir::SummaryMode::count) {
    out += ",\"total\":" + std::to_string(page.total);
  }
  Json links = Json::array();
  links.push_back({{"relation", "self"}, {"url", page_url(base_url, query, query.cursor)}});
  if (page.next)
    links.push_back({{"relation", "next"}, {"url", page_url(base_url, query, page.next)}});
  if (page.previous) {
    links.push_back({{"relation", "previous"}, {"url", page_url(base_url, query, page.previous)}});
  }
  out += ",\"link\":" + links.dump();
  std::vector<fhir::Issue> issues = query.ignored;
  if (page.include_truncated) {
    issues.push_back({"warning", "incomplete",
                      "More resources matched _include/_revinclude than the configured maximum; "
                      "the included set is truncated",
                      "_include"});
  }
  const TypeTable& own = catalog.table(query.type);
  if (!page.matches.empty() || !page.included.empty() || !issues.empty()) {
    out += ",\"entry\":[";
    bool first = true;
    for (std::uint32_t o : page.matches) {
      const StoredResource& stored = own.resources[o];
      append_entry(out, first, full_url(base_url, stored), shaped(stored, query), "match");
    }
    for (const IncludedResource& inc : page.included) {
      const StoredResource& stored = catalog.table(inc.type).resources[inc.ordinal];
      append_entry(out, first, full_url(base_url, stored), shaped(stored, query), "include");
    }
    if (!issues.empty()) {
      append_entry(out, first, "", fhir::make_operation_outcome(issues).dump(), "outcome");
    }
    out += "]";
  }
  out += "}";
  return out;
}

}  // namespace gateway::medication
