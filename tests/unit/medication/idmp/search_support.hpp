// Search helpers: run a query string against a catalog and read the searchset back.
#pragma once

#include <string>
#include <vector>

#include <gmock/gmock.h>

#include "fhir/request.hpp"
#include "medication/search/execution.hpp"
#include "medication/search/query.hpp"
#include "medication/search/searchset_writer.hpp"
#include "test_support.hpp"

namespace gateway::medication::testing {

inline constexpr const char* kBase = "https://fhir.example.no/fhir";

struct SearchOutcome {
  bool ok = false;
  fhir::Error error;
  Json bundle;
  std::vector<std::string> match_ids() const {
    std::vector<std::string> ids;
    for (const auto& e : bundle.value("entry", Json::array())) {
      if (e["search"]["mode"] == "match") ids.push_back(e["resource"]["id"]);
    }
    return ids;
  }
  std::vector<std::string> included() const {
    std::vector<std::string> out;
    for (const auto& e : bundle.value("entry", Json::array())) {
      if (e["search"]["mode"] == "include") {
        out.push_back(e["resource"]["resourceType"].get<std::string>() + "/" +
                      e["resource"]["id"].get<std::string>());
      }
    }
    return out;
  }
  std::optional<std::string> link(const std::string& relation) const {
    for (const auto& l : bundle.value("link", Json::array())) {
      if (l["relation"] == relation) return l["url"].get<std::string>();
    }
    return std::nullopt;
  }
};

inline SearchOutcome search(const Catalog& catalog, ResourceType type, const std::string& query,
                            bool lenient = false, fhir::PagingLimits limits = {20, 100},
                            std::size_t max_include = 1000) {
  SearchOutcome out;
  auto params = fhir::parse_query(query);
  if (!params) {
    out.error = fhir::make_error(fhir::ErrorKind::invalid_request, "bad query");
    return out;
  }
  auto parsed = parse_search_query(type, *params, lenient, limits);
  if (!parsed) {
    out.error = parsed.error();
    return out;
  }
  const SearchPage page = execute_search(catalog, *parsed, max_include);
  out.bundle = Json::parse(write_searchset(catalog, *parsed, page, kBase));
  out.ok = true;
  return out;
}

inline SearchOutcome search(ResourceType type, const std::string& query, bool lenient = false) {
  return search(*excerpt_catalog(), type, query, lenient);
}

// The query part of a link URL ("?a=b&..." -> "a=b&...").
inline std::string query_of(const std::string& url) { return url.substr(url.find('?') + 1); }

}  // namespace gateway::medication::testing
