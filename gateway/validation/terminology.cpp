// Loading the terminology (which files, reading, first definition wins, expansion) and the
// lookups over the finished index.
#include "validation/terminology.hpp"

#include <algorithm>
#include <functional>
#include <system_error>
#include <unordered_map>

#include "validation/code_system.hpp"
#include "validation/terminology_reader.hpp"
#include "validation/value_set_expansion.hpp"

namespace gateway::validation {

namespace {

struct StringHash {
  using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard name
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct KnownCodeSystem {
  bool complete = false;
  SystemCodes codes;
};

bool is_definition_file(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return name.ends_with(".json") &&
         (name.starts_with("CodeSystem-") || name.starts_with("ValueSet-"));
}

Result<std::vector<std::filesystem::path>, std::string> definition_files(
    const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error) return std::string(directory.string() + ": " + error.message());
  std::vector<std::filesystem::path> files;
  for (const auto& entry : entries) {
    if (is_definition_file(entry.path()) && entry.is_regular_file(error))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The member moved out of `object`, or null.
nlohmann::json take_member(nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  return found == object.end() ? nlohmann::json() : std::move(*found);
}

}  // namespace

struct Terminology::Index {
  StringMap<CodeSet> value_sets;
  StringMap<KnownCodeSystem> code_systems;
};

Result<Terminology, std::string> Terminology::load(
    const std::vector<std::filesystem::path>& directories) {
  CodeSystemMap systems;
  ValueSetMap value_sets;
  for (const std::filesystem::path& directory : directories) {
    auto files = definition_files(directory);
    if (!files) return std::move(files).take_error();
    for (const std::filesystem::path& file : *files) {
      auto resource = read_terminology_json(file);
      if (!resource) return std::move(resource).take_error();
      if (!resource->is_object()) continue;
      const std::string type = resource->value("resourceType", "");
      if (type == "CodeSystem") {
        if (auto system = CodeSystemDefinition::from_json(*resource)) {
          systems.try_emplace(system->url(), std::move(*system));
        }
      } else if (type == "ValueSet") {
        const std::string url = resource->value("url", "");
        if (url.empty() || value_sets.contains(url)) continue;
        value_sets.emplace(url, ValueSetDefinition{url, take_member(*resource, "compose"),
                                                   take_member(*resource, "expansion")});
      }
    }
  }

  auto index = std::make_shared<Index>();
  for (auto& [url, expanded] : expand_all(systems, value_sets)) {
    index->value_sets.emplace(url, std::move(expanded));
  }
  for (const auto& [url, system] : systems) {
    KnownCodeSystem& known = index->code_systems[url];
    known.complete = system.complete();
    known.codes.system = url;
    known.codes.rule = system.rule();
    std::vector<std::string> codes = system.all_codes();
    known.codes.codes.reserve(codes.size());
    for (std::string& code : codes) known.codes.codes.insert(std::move(code));
  }
  return Terminology(std::move(index));
}

Membership Terminology::contains(std::string_view value_set, std::string_view system,
                                 std::string_view code) const {
  const auto found = index_->value_sets.find(without_version(value_set));
  if (found == index_->value_sets.end()) return Membership::unknown;
  return found->second.find(system, code);
}

Membership Terminology::contains_code(std::string_view value_set, std::string_view code) const {
  const auto found = index_->value_sets.find(without_version(value_set));
  if (found == index_->value_sets.end()) return Membership::unknown;
  return found->second.find_code(code);
}

bool Terminology::knows_value_set(std::string_view value_set) const {
  return index_->value_sets.contains(without_version(value_set));
}

bool Terminology::knows_code_system(std::string_view system) const {
  return index_->code_systems.contains(without_version(system));
}

Membership Terminology::in_code_system(std::string_view system, std::string_view code) const {
  const auto found = index_->code_systems.find(without_version(system));
  if (found == index_->code_systems.end() || !found->second.complete) return Membership::unknown;
  return found->second.codes.find(code);
}

std::size_t Terminology::value_set_count() const { return index_->value_sets.size(); }
std::size_t Terminology::code_system_count() const { return index_->code_systems.size(); }

}  // namespace gateway::validation
