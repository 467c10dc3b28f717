// Bundle builders: searchset with self/next/previous links and total.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fhir/json.hpp"

namespace gateway::fhir {

struct SearchEntry {
  Json resource;         // the resource (already shaped by _elements/_summary)
  std::string full_url;  // absolute URL, e.g. "https://host/fhir/Patient/1"
  std::string mode;      // "match" | "include" | "outcome"
};

struct SearchsetLinks {
  std::string self;                     // absolute URL of this page
  std::optional<std::string> next;      // absolute URL of the next page, if any
  std::optional<std::string> previous;  // absolute URL of the previous page, if any
};

// total: nullopt leaves Bundle.total out (as with _total=none).
Json make_searchset(const std::vector<SearchEntry>& entries, const SearchsetLinks& links,
                    std::optional<std::size_t> total);

}  // namespace gateway::fhir
