// The search parameters of every stored resource type, loaded once at start from the official
// R4B SearchParameter definitions and ours in profiles/, with the Patient compartment
// definition. Immutable after load; shared by query parsing, index extraction and the
// CapabilityStatement.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhirpath/type_model.hpp"
#include "search/search_parameter.hpp"

namespace gateway::search {

struct DefinitionSources {
  // The unpacked hl7.fhir.r4b.core@4.3.0 package: SearchParameter-*.json,
  // CompartmentDefinition-patient.json and the StructureDefinitions of the FHIRPath model.
  std::filesystem::path core_package_dir;
  // Our definitions (SearchParameter-*.json); loaded after the core ones, a parameter with the
  // same code for a type replaces the core one.
  std::vector<std::filesystem::path> profile_dirs;
};

// The resource types issue 10 stores, with their base R4B definitions.
std::vector<std::string> default_stored_types();

// Per type, the only search parameters to support; a type not named supports all of its own.
using SearchedParameters = std::map<std::string, std::set<std::string>, std::less<>>;

// AuditEvent: the access log's parameters only. The gateway writes one AuditEvent per
// patient-data request, and every further parameter would be index rows on each of them.
SearchedParameters default_searched_parameters();

class SearchRegistry {
 public:
  // Reads every SearchParameter whose base is one of `stored_types` (or Resource /
  // DomainResource), skipping experimental (example) definitions; a type in `searched` keeps
  // only the parameters named there (the others are unsupported). Errors are internal:
  // unreadable or malformed definition files, a missing compartment definition, an
  // expression the FHIRPath engine cannot parse, a limit naming no parameter.
  [[nodiscard]] static fhir::Result<SearchRegistry> load(
      const DefinitionSources& sources, const std::vector<std::string>& stored_types,
      const SearchedParameters& searched = {});

  bool is_stored(std::string_view type) const;
  const std::vector<std::string>& stored_types() const { return stored_types_; }

  // The parameters of `type` that searches and extraction support, ordered by code.
  const std::vector<SearchParameter>& parameters(std::string_view type) const;
  const SearchParameter* find(std::string_view type, std::string_view code) const;
  // True for a parameter defined for `type` but not supported (composite, special, or one
  // without an expression such as _text or _content).
  bool is_unsupported(std::string_view type, std::string_view code) const;
  // The params of `type` that place it in a Patient's compartment (CompartmentDefinition).
  const std::vector<std::string>& patient_compartment_params(std::string_view type) const;
  // The FHIR type model the parameters' expressions are evaluated with.
  const fhirpath::TypeModel& model() const { return *model_; }
  const std::shared_ptr<const fhirpath::TypeModel>& shared_model() const { return model_; }

 private:
  struct TypeEntry {
    std::vector<SearchParameter> parameters;
    std::set<std::string, std::less<>> unsupported;
    std::vector<std::string> compartment_params;
  };
  const TypeEntry* entry(std::string_view type) const;

  std::shared_ptr<const fhirpath::TypeModel> model_;
  std::vector<std::string> stored_types_;
  std::map<std::string, TypeEntry, std::less<>> types_;
};

}  // namespace gateway::search
