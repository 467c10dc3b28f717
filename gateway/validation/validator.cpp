// Loading the validator and choosing what a resource is checked against: an explicit
// profile, the known profiles of meta.profile, the type's registered profile, its core
// definition.
#include "validation/validator.hpp"

#include <algorithm>

#include "validation/walker.hpp"

namespace gateway::validation {
namespace {

using nlohmann::json;

// The core resource types not in `eager_resources`, by their file names
// (StructureDefinition-<Type>.json); Resource and DomainResource are always read.
std::vector<std::string> deferred_resources(const ValidatorSources& sources,
                                            const fhirpath::TypeModel& model) {
  std::vector<std::string> out;
  if (sources.eager_resources.empty()) return out;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(sources.core_package_dir, error)) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with("StructureDefinition-") || !file.ends_with(".json")) continue;
    const std::string type = file.substr(20, file.size() - 25);
    if (model.resource_type(type) == nullptr || type == "Resource" || type == "DomainResource") {
      continue;
    }
    const auto& eager = sources.eager_resources;
    if (std::find(eager.begin(), eager.end(), type) == eager.end()) out.push_back(type);
  }
  return out;
}

}  // namespace

Validator::Validator(StructureDefinitions definitions, Terminology terminology,
                     std::shared_ptr<const fhirpath::TypeModel> model,
                     std::map<std::string, std::string, std::less<>> default_profiles)
    : definitions_(std::move(definitions)),
      terminology_(std::move(terminology)),
      model_(std::move(model)),
      default_profiles_(std::move(default_profiles)) {}

Result<std::shared_ptr<const Validator>, std::string> Validator::load(
    const ValidatorSources& sources, std::shared_ptr<const fhirpath::TypeModel> model) {
  if (model == nullptr) return std::string("no FHIRPath type model");
  std::vector<std::filesystem::path> directories{sources.core_package_dir};
  directories.insert(directories.end(), sources.profile_dirs.begin(), sources.profile_dirs.end());
  auto definitions = StructureDefinitions::load(sources.core_package_dir, sources.profile_dirs,
                                                deferred_resources(sources, *model));
  if (!definitions) return "definitions: " + definitions.error();
  auto terminology = Terminology::load(directories);
  if (!terminology) return "terminology: " + terminology.error();
  for (const auto& [type, url] : sources.default_profiles) {
    const StructureDefinition* profile = definitions->find(url);
    if (profile == nullptr) return "the profile " + url + " for " + type + " is not defined";
    if (profile->type != type) return "the profile " + url + " is not a profile of " + type;
  }
  return std::make_shared<const Validator>(std::move(*definitions), std::move(*terminology),
                                           std::move(model), sources.default_profiles);
}

std::vector<fhir::Issue> Validator::validate(const json& resource, std::string_view profile) const {
  std::vector<fhir::Issue> issues;
  if (!resource.is_object()) {
    issues.push_back({"error", "structure", "a resource must be a JSON object", ""});
    return issues;
  }
  const auto type_member = resource.find("resourceType");
  if (type_member == resource.end() || !type_member->is_string()) {
    issues.push_back({"error", "structure", "resourceType is missing", "resourceType"});
    return issues;
  }
  const std::string& type = type_member->get_ref<const std::string&>();
  const StructureDefinition* core = definitions_.core(type);
  if (core == nullptr || core->kind != StructureKind::resource || core->abstract) {
    issues.push_back({"error", "not-supported", "unknown resource type " + type, "resourceType"});
    return issues;
  }

  std::vector<const StructureDefinition*> targets;
  const auto add_profile = [&](std::string_view url, bool stated_by_resource) {
    const StructureDefinition* definition = definitions_.find(url);
    if (definition == nullptr) {
      issues.push_back({stated_by_resource ? "warning" : "error", "not-supported",
                        "the profile " + std::string(url) + " is not known here" +
                            (stated_by_resource ? "; checked against the base definition" : ""),
                        stated_by_resource ? type + ".meta.profile" : ""});
      return;
    }
    if (definition->type != type) {
      issues.push_back(
          {"error", "invalid",
           "the profile " + std::string(url) + " is for " + definition->type + ", not " + type,
           stated_by_resource ? type + ".meta.profile" : ""});
      return;
    }
    if (std::find(targets.begin(), targets.end(), definition) == targets.end()) {
      targets.push_back(definition);
    }
  };
  if (!profile.empty()) {
    add_profile(profile, false);
    if (targets.empty()) return issues;
  } else if (const auto meta = resource.find("meta"); meta != resource.end() && meta->is_object()) {
    if (const auto profiles = meta->find("profile");
        profiles != meta->end() && profiles->is_array()) {
      for (const auto& url : *profiles) {
        if (url.is_string()) add_profile(url.get_ref<const std::string&>(), true);
      }
    }
  }
  if (targets.empty()) {
    const auto registered = default_profiles_.find(type);
    targets.push_back(registered != default_profiles_.end() ? definitions_.find(registered->second)
                                                            : core);
  }

  const std::size_t before = issues.size();
  for (const StructureDefinition* target : targets) {
    Walker walker(definitions_, terminology_, *model_, issues);
    walker.resource(resource, *target, type);
  }
  if (targets.size() > 1) {
    // several profiles repeat the base definition's findings: keep each issue once
    std::vector<fhir::Issue> unique(issues.begin(), issues.begin() + static_cast<long>(before));
    for (std::size_t i = before; i < issues.size(); ++i) {
      const fhir::Issue& issue = issues[i];
      const bool seen = std::any_of(unique.begin(), unique.end(), [&](const fhir::Issue& other) {
        return other.severity == issue.severity && other.code == issue.code &&
               other.expression == issue.expression && other.diagnostics == issue.diagnostics;
      });
      if (!seen) unique.push_back(issue);
    }
    issues = std::move(unique);
  }
  return issues;
}

bool has_errors(const std::vector<fhir::Issue>& issues) {
  return std::any_of(issues.begin(), issues.end(), [](const fhir::Issue& issue) {
    return issue.severity == "error" || issue.severity == "fatal";
  });
}

}  // namespace gateway::validation
