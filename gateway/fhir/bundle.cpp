// Bundle.searchset construction.
#include "fhir/bundle.hpp"

namespace gateway::fhir {

Json make_searchset(const std::vector<SearchEntry>& entries, const SearchsetLinks& links,
                    std::optional<std::size_t> total) {
  Json bundle = {{"resourceType", "Bundle"}, {"type", "searchset"}};
  if (total) bundle["total"] = *total;
  Json link = Json::array();
  link.push_back({{"relation", "self"}, {"url", links.self}});
  if (links.next) link.push_back({{"relation", "next"}, {"url", *links.next}});
  if (links.previous) link.push_back({{"relation", "previous"}, {"url", *links.previous}});
  bundle["link"] = std::move(link);
  if (!entries.empty()) {
    Json list = Json::array();
    for (const auto& e : entries) {
      Json entry;
      if (!e.full_url.empty()) entry["fullUrl"] = e.full_url;
      entry["resource"] = e.resource;
      entry["search"] = {{"mode", e.mode.empty() ? "match" : e.mode}};
      list.push_back(std::move(entry));
    }
    bundle["entry"] = std::move(list);
  }
  return bundle;
}

}  // namespace gateway::fhir
