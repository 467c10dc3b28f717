// Walks the JSON paths of the search parameter table and collects index keys.
#include "medication/index/search_keys.hpp"

#include "medication/index/search_parameters.hpp"
#include "medication/index/timestamps.hpp"

namespace gateway::medication {
namespace {

using fhir::Json;

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t pos = text.find(sep);
    out.push_back(text.substr(0, pos));
    if (pos == std::string_view::npos) return out;
    text.remove_prefix(pos + 1);
  }
}

template <typename Visit>
void walk(const Json& node, const std::vector<std::string_view>& segments, std::size_t i,
          const Visit& visit) {
  if (node.is_array()) {
    for (const auto& element : node) walk(element, segments, i, visit);
    return;
  }
  if (i == segments.size()) {
    visit(node);
    return;
  }
  if (!node.is_object()) return;
  std::string_view key = segments[i];
  const bool recursive = !key.empty() && key.back() == '*';
  if (recursive) key.remove_suffix(1);
  auto it = node.find(std::string(key));
  if (it == node.end()) return;
  walk(*it, segments, i + 1, visit);
  if (recursive) walk(*it, segments, i, visit);
}

void add_tokens(const Json& node, std::vector<std::string>& out) {
  if (node.is_string()) {
    out.push_back(token_key("", node.get<std::string>()));
    return;
  }
  if (!node.is_object()) return;
  auto text = [&](const char* key) {
    auto it = node.find(key);
    return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (auto it = node.find("coding"); it != node.end()) {
    for (const auto& coding : *it) add_tokens(coding, out);
  } else if (auto concept_it = node.find("concept"); concept_it != node.end()) {
    add_tokens(*concept_it, out);
  } else if (node.contains("value") && node["value"].is_string()) {
    out.push_back(token_key(text("system"), text("value")));
  } else if (node.contains("code")) {
    out.push_back(token_key(text("system"), text("code")));
  }
}

void add_reference(const Json& node, std::vector<std::string>& out) {
  if (!node.is_object()) return;
  auto it = node.find("reference");
  if (it == node.end()) return;
  if (it->is_string()) {
    const std::string& ref = it->get_ref<const std::string&>();
    if (!ref.empty() && ref.front() != '#') out.push_back(ref);
  } else {
    add_reference(*it, out);  // CodeableReference.reference
  }
}

}  // namespace

std::string token_key(std::string_view system, std::string_view code) {
  std::string key;
  key.reserve(system.size() + code.size() + 1);
  key.append(system);
  key.push_back(kTokenSeparator);
  key.append(code);
  return key;
}

std::pair<std::string_view, std::string_view> split_token_key(std::string_view key) {
  const std::size_t pos = key.find(kTokenSeparator);
  if (pos == std::string_view::npos) return {{}, key};
  return {key.substr(0, pos), key.substr(pos + 1)};
}

SearchKeys extract_search_keys(ResourceType type, const fhir::Json& resource) {
  auto params = search_params(type);
  SearchKeys keys(params.size());
  for (std::size_t p = 0; p < params.size(); ++p) {
    auto& out = keys[p];
    for (std::string_view alternative : split(params[p].path, '|')) {
      const auto segments = split(alternative, '.');
      walk(resource, segments, 0, [&](const Json& node) {
        switch (params[p].type) {
          case ParamType::token:
            add_tokens(node, out);
            break;
          case ParamType::string:
            if (node.is_string()) out.push_back(node.get<std::string>());
            break;
          case ParamType::reference:
            add_reference(node, out);
            break;
          case ParamType::date:
            if (node.is_string()) {
              if (auto t = parse_fest_timestamp(node.get<std::string>())) {
                out.push_back(std::to_string(t->epoch_seconds));
              }
            }
            break;
        }
      });
    }
  }
  return keys;
}

}  // namespace gateway::medication
