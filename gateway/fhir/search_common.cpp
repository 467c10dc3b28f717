// Parsing and applying the search result parameters shared by every resource type.
#include "fhir/search_common.hpp"

#include <algorithm>
#include <charconv>

namespace gateway::fhir {
namespace {

constexpr std::string_view kSubsettedSystem =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

Error bad_param(std::string_view name, std::string message) {
  return make_error(ErrorKind::invalid_search_param, std::move(message), std::string(name));
}

bool is_element_name(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    std::size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

void mark_subsetted(Json& resource) {
  Json& meta = resource["meta"];
  Json& tags = meta["tag"];
  if (!tags.is_array()) tags = Json::array();
  for (const auto& t : tags) {
    if (t.value("code", "") == "SUBSETTED") return;
  }
  tags.push_back({{"system", kSubsettedSystem}, {"code", "SUBSETTED"}});
}

bool always_kept(const std::string& key) {
  return key == "resourceType" || key == "id" || key == "meta";
}

Json keep_only(const Json& resource, const auto& keep) {
  Json out = Json::object();
  for (auto it = resource.begin(); it != resource.end(); ++it) {
    if (always_kept(it.key()) || keep(it.key())) out[it.key()] = it.value();
  }
  mark_subsetted(out);
  return out;
}

}  // namespace

bool prefers_lenient(const Request& request) {
  for (const auto& h : request.headers) {
    if (h.name == "prefer" && h.value.find("handling=lenient") != std::string::npos) return true;
  }
  return false;
}

bool is_common_search_param(std::string_view name) {
  return name == "_count" || name == "_summary" || name == "_elements" || name == "_total" ||
         name == "_page_token" || name == "_sort" || name == "_format" || name == "_pretty";
}

Result<CommonSearchParams> parse_common_search_params(const QueryParams& params,
                                                      const PagingLimits& limits) {
  CommonSearchParams out;
  out.count = limits.default_count;
  for (const auto& [name, value] : params) {
    if (name == "_count") {
      std::size_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        return bad_param(name, "_count must be a non-negative integer");
      }
      out.count = std::min(n, limits.max_count);
    } else if (name == "_summary") {
      if (value == "count")
        out.summary = SummaryMode::count;
      else if (value == "true")
        out.summary = SummaryMode::true_;
      else if (value == "text")
        out.summary = SummaryMode::text;
      else if (value == "data")
        out.summary = SummaryMode::data;
      else if (value == "false")
        out.summary = SummaryMode::false_;
      else
        return bad_param(name, "_summary must be one of true, text, data, count, false");
    } else if (name == "_elements") {
      for (auto& element : split_commas(value)) {
        if (!is_element_name(element)) {
          return bad_param(name, "_elements takes a comma-separated list of element names");
        }
        out.elements.push_back(std::move(element));
      }
    } else if (name == "_total") {
      if (value == "none")
        out.total = TotalMode::none;
      else if (value == "accurate")
        out.total = TotalMode::accurate;
      else if (value == "estimate")
        out.total = TotalMode::estimate;
      else
        return bad_param(name, "_total must be one of none, estimate, accurate");
    } else if (name == "_page_token") {
      if (value.empty()) return bad_param(name, "_page_token must not be empty");
      out.page_token = value;
    } else if (name == "_sort") {
      for (auto& key : split_commas(value)) {
        std::string_view bare = key;
        if (!bare.empty() && bare.front() == '-') bare.remove_prefix(1);
        if (bare.empty())
          return bad_param(name, "_sort takes a comma-separated list of parameters");
        out.sort.push_back(std::move(key));
      }
    }
  }
  return out;
}

Json apply_elements(const Json& resource, const std::vector<std::string>& elements) {
  if (elements.empty()) return resource;
  return keep_only(resource, [&](const std::string& key) {
    return std::find(elements.begin(), elements.end(), key) != elements.end();
  });
}

Json apply_summary(const Json& resource, SummaryMode mode,
                   const std::set<std::string>& summary_elements,
                   const std::set<std::string>& required_elements) {
  switch (mode) {
    case SummaryMode::true_:
      return keep_only(resource,
                       [&](const std::string& key) { return summary_elements.count(key) > 0; });
    case SummaryMode::text:
      return keep_only(resource, [&](const std::string& key) {
        return key == "text" || required_elements.count(key) > 0;
      });
    case SummaryMode::data:
      return keep_only(resource, [](const std::string& key) { return key != "text"; });
    case SummaryMode::none:
    case SummaryMode::count:
    case SummaryMode::false_:
      return resource;
  }
  return resource;
}

}  // namespace gateway::fhir
