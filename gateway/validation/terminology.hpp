// Terminology for validation: the CodeSystems and ValueSets of FHIR packages, every value set
// expanded once at load, answering "is this code in the value set / code system?" in well
// under a microsecond without allocating. Immutable after load; copies share the expansions
// and may be used from any number of threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "validation/code_set.hpp"

namespace gateway::validation {

class Terminology {
 public:
  // Reads every CodeSystem-*.json and ValueSet-*.json in the directories (files of another
  // resourceType are skipped) and expands every ValueSet it can. A file that cannot be read or
  // is not valid JSON is an error naming the file. Where a url is defined twice, the first
  // directory (then the first file name) wins.
  [[nodiscard]] static Result<Terminology, std::string> load(
      const std::vector<std::filesystem::path>& directories);

  // Is (system, code) in the value set? `value_set` is a canonical URL, maybe with "|version"
  // (ignored). unknown: the value set is not loaded, or the part of it that might hold the
  // code cannot be expanded here (an unloaded or incomplete code system, an unsupported
  // filter, a value set it includes that is unknown). A code found in the expandable part is a
  // member even if other parts are unknown.
  [[nodiscard]] Membership contains(std::string_view value_set, std::string_view system,
                                    std::string_view code) const;
  // For a bare `code` element (no system): is the code in the expansion under any system?
  [[nodiscard]] Membership contains_code(std::string_view value_set, std::string_view code) const;
  // The ValueSet resource was loaded (its expansion may still be unknown).
  [[nodiscard]] bool knows_value_set(std::string_view value_set) const;
  // The CodeSystem resource was loaded, whatever its content.
  [[nodiscard]] bool knows_code_system(std::string_view system) const;
  // (system, code) in a known, complete code system? unknown if the system is not loaded or
  // its content is not complete.
  [[nodiscard]] Membership in_code_system(std::string_view system, std::string_view code) const;

  [[nodiscard]] std::size_t value_set_count() const;
  [[nodiscard]] std::size_t code_system_count() const;

 private:
  struct Index;
  explicit Terminology(std::shared_ptr<const Index> index) : index_(std::move(index)) {}

  std::shared_ptr<const Index> index_;  // never null
};

}  // namespace gateway::validation
