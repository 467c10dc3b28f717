// The FHIR type model the evaluator navigates by: for each type (and each backbone element)
// its base type and its elements with their possible types, loaded from the official
// StructureDefinitions (snapshot). Also holds the System types of FHIRPath literals.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/result.hpp"
#include "fhirpath/fhirpath_error.hpp"

namespace gateway::fhirpath {

enum class TypeKind { system, primitive, complex, resource, backbone };

struct TypeInfo;

struct ElementInfo {
  std::vector<const TypeInfo*> types;  // several for a choice element (value[x])
  bool choice = false;
  bool summary = false;   // isSummary: part of a _summary=true answer
  bool required = false;  // min > 0: kept by _summary=text
};

struct TypeInfo {
  std::string name;       // "CodeableConcept", "Patient", "String"; "BackboneElement" for backbones
  std::string qualified;  // "FHIR.CodeableConcept", "System.String"; the path for backbones
  TypeKind kind = TypeKind::complex;
  const TypeInfo* base = nullptr;
  const TypeInfo* system_type = nullptr;  // FHIR primitives: the System type of their value
  std::map<std::string, ElementInfo, std::less<>> elements;
  // False for a resource loaded by name only (see TypeModel::load): its own elements are
  // unknown, so navigation into it falls back to the JSON members.
  bool elements_loaded = true;

  // This type or one of its bases is `other`.
  [[nodiscard]] bool is_a(const TypeInfo& other) const;
  [[nodiscard]] const ElementInfo* element(std::string_view name) const;
};

// The type code of one ElementDefinition.type entry: a FHIR type name, or "System.X" for a
// FHIRPath System type unless the fhir-type extension names the FHIR type (Resource.id is
// an `id`).
[[nodiscard]] std::string element_type_code(const nlohmann::json& type);

class TypeModel {
 public:
  // Reads every StructureDefinition-*.json of kind primitive-type, complex-type or resource
  // (specialisations, not profiles) in `directory`. With `resources_with_elements`, only
  // those resource types (and Resource, DomainResource) get their elements; the others are
  // known by name, kind and base only, which is what `is`, `as` and resolve() need of them,
  // and skipping their snapshots makes the load several times faster.
  [[nodiscard]] static Result<TypeModel, FhirPathError> load(
      const std::filesystem::path& directory,
      const std::vector<std::string>& resources_with_elements = {});

  // A type by FHIR name ("Patient", "string"), by qualified name ("FHIR.Patient",
  // "System.String") or a System type by bare name ("String"): FHIR names win.
  [[nodiscard]] const TypeInfo* find(std::string_view name) const;
  [[nodiscard]] const TypeInfo* system(std::string_view name) const;  // "String" -> System.String
  [[nodiscard]] const TypeInfo* resource_type(std::string_view name) const;  // resources only
  // A backbone element's type by its path ("AllergyIntolerance.reaction").
  [[nodiscard]] const TypeInfo* backbone(std::string_view path) const;

  [[nodiscard]] std::size_t type_count() const { return types_.size(); }

 private:
  friend class TypeModelLoader;
  TypeModel() = default;

  // key: FHIR type name, "System.X", or a backbone element's path; entries never move
  std::unordered_map<std::string, std::unique_ptr<TypeInfo>> types_;
};

}  // namespace gateway::fhirpath
