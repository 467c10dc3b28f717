// Listing a type's search parameters and include targets from the registry.
#include "search/search_capability.hpp"

#include <algorithm>

namespace gateway::search {
namespace {

// The first line of a definition's description; for a shared definition ("Multiple
// Resources:" then "* [Type](type.html): text" per type) the text of this type's line.
std::string documentation_of(const SearchParameter& param, const std::string& type) {
  std::string_view text = param.description;
  if (text.starts_with("Multiple Resources:")) {
    const std::string marker = "* [" + type + "](";
    const std::size_t line = text.find(marker);
    if (line == std::string_view::npos) return {};
    text.remove_prefix(line + marker.size());
    const std::size_t colon = text.find("): ");
    if (colon == std::string_view::npos) return {};
    text.remove_prefix(colon + 3);
  }
  return std::string(text.substr(0, text.find_first_of("\r\n")));
}

bool refers_to(const SearchParameter& param, const std::string& type) {
  return param.targets.empty() ||
         std::find(param.targets.begin(), param.targets.end(), type) != param.targets.end();
}

}  // namespace

void describe_search(const SearchRegistry& registry, fhir::ResourceCapability& resource) {
  resource.search_params.clear();
  resource.search_includes.clear();
  resource.search_rev_includes.clear();
  for (const SearchParameter& param : registry.parameters(resource.type)) {
    resource.search_params.push_back({param.code, std::string(param_type_code(param.type)),
                                      param.url, documentation_of(param, resource.type)});
    if (param.type == ParamType::reference) {
      resource.search_includes.push_back(resource.type + ":" + param.code);
    }
  }
  for (const auto& source : registry.stored_types()) {
    for (const SearchParameter& param : registry.parameters(source)) {
      if (param.type == ParamType::reference && refers_to(param, resource.type)) {
        resource.search_rev_includes.push_back(source + ":" + param.code);
      }
    }
  }
}

}  // namespace gateway::search
