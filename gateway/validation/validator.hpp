// The FHIR validator: checks a resource against its StructureDefinition (the core
// definition, a profile in meta.profile, or the profile registered for its type) and
// collects every problem, with its FHIRPath location, as OperationOutcome issues.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "fhir/operation_outcome.hpp"
#include "fhirpath/type_model.hpp"
#include "validation/structure_definitions.hpp"
#include "validation/terminology.hpp"

namespace gateway::validation {

struct ValidatorSources {
  std::filesystem::path core_package_dir;  // hl7.fhir.r4b.core@4.3.0, unpacked
  std::vector<std::filesystem::path> profile_dirs;
  // The profile each type is checked against when meta.profile names none we know
  // (type -> canonical URL); types not listed use the core definition.
  std::map<std::string, std::string, std::less<>> default_profiles;
  // Resource types whose definitions are read at start (the stored types); the other core
  // resource types are read when a resource first needs them (contained, in a Bundle).
  // Empty: every definition at start.
  std::vector<std::string> eager_resources;
};

class Validator {
 public:
  // Reads the definitions and the terminology once; `model` is the FHIRPath type model the
  // invariants are evaluated with. Errors say which file or profile is wrong.
  [[nodiscard]] static Result<std::shared_ptr<const Validator>, std::string> load(
      const ValidatorSources& sources, std::shared_ptr<const fhirpath::TypeModel> model);

  // Every issue of `resource` (any JSON value). `profile`, when set, is checked instead of
  // meta.profile and the default; an unknown `profile` is an error issue, an unknown
  // meta.profile entry a warning. At most kMaxIssueCount issues are kept. Thread-safe.
  [[nodiscard]] std::vector<fhir::Issue> validate(const nlohmann::json& resource,
                                                  std::string_view profile = {}) const;

  [[nodiscard]] const StructureDefinitions& definitions() const { return definitions_; }

  Validator(StructureDefinitions definitions, Terminology terminology,
            std::shared_ptr<const fhirpath::TypeModel> model,
            std::map<std::string, std::string, std::less<>> default_profiles);

 private:
  StructureDefinitions definitions_;
  Terminology terminology_;
  std::shared_ptr<const fhirpath::TypeModel> model_;
  std::map<std::string, std::string, std::less<>> default_profiles_;
};

// True if any issue is an error or fatal.
[[nodiscard]] bool has_errors(const std::vector<fhir::Issue>& issues);

}  // namespace gateway::validation
