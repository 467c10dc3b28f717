// The StructureDefinitions the validator checks against, read once at start from the core
// package and our profiles (snapshots only) into an immutable set of element trees.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "validation/element_definition.hpp"

namespace gateway::validation {

inline constexpr std::string_view kCoreStructurePrefix = "http://hl7.org/fhir/StructureDefinition/";

class StructureDefinitions {
 public:
  // Every StructureDefinition-*.json with a snapshot in the core package and in
  // `profile_dirs` (primitive types, complex types, resources and their profiles,
  // extensions); logical models are skipped. A core profile whose snapshot is inconsistent
  // is left out (see skipped()); anything else wrong is an error naming the file.
  // `deferred_resources` are core resource types read only when first asked for (a
  // contained Practitioner): they are most of the package's bytes and rarely met.
  [[nodiscard]] static Result<StructureDefinitions, std::string> load(
      const std::filesystem::path& core_package_dir,
      const std::vector<std::filesystem::path>& profile_dirs,
      const std::vector<std::string>& deferred_resources = {});

  // A definition by canonical URL ("|version" ignored); a deferred one is read the first
  // time (thread-safe, once).
  [[nodiscard]] const StructureDefinition* find(std::string_view url) const;
  [[nodiscard]] bool is_deferred(std::string_view type) const;
  // The core definition of a type: "Patient", "CodeableConcept", "string".
  [[nodiscard]] const StructureDefinition* core(std::string_view type) const;
  // Constraints whose expression the FHIRPath engine cannot parse, as "key: reason"; they
  // are not checked. Tests hold this empty for the stored types.
  [[nodiscard]] const std::vector<std::string>& unsupported_constraints() const {
    return unsupported_;
  }
  // Core profiles left out, with the reason.
  [[nodiscard]] const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  friend class DefinitionLoader;
  struct Hash {
    using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard name
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  struct Deferred {
    std::filesystem::path file;
    std::once_flag once;
    std::unique_ptr<StructureDefinition> definition;  // set once, by find()
  };
  std::unordered_map<std::string, std::unique_ptr<StructureDefinition>, Hash, std::equal_to<>>
      by_url_;
  std::unordered_map<std::string, std::unique_ptr<Deferred>, Hash, std::equal_to<>> deferred_;
  std::vector<std::string> unsupported_;
  std::vector<std::string> skipped_;
};

}  // namespace gateway::validation
