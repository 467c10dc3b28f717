// What the server supports, registered by each module; the CapabilityStatement is generated
// from this registry (never written by hand).
#pragma once

#include <string>
#include <vector>

#include "fhir/json.hpp"

namespace gateway::fhir {

struct SearchParamCapability {
  std::string name;        // "identifier"
  std::string type;        // token | string | reference | date | uri | number | quantity | special
  std::string definition;  // canonical URL of the SearchParameter
  std::string documentation;  // short text
};

struct OperationCapability {
  std::string name;        // "$translate" without the '$' -> "translate"
  std::string definition;  // canonical URL of the OperationDefinition
};

struct ResourceCapability {
  std::string type;                             // "MedicinalProductDefinition"
  std::string profile;                          // canonical URL of the base/profile
  std::vector<std::string> supported_profiles;  // our StructureDefinitions
  std::vector<std::string> interactions;        // FHIR codes: read, search-type, ...
  std::vector<SearchParamCapability> search_params;
  std::vector<std::string> search_includes;  // "MedicinalProductDefinition:ingredient"
  std::vector<std::string> search_rev_includes;
  std::vector<OperationCapability> operations;
  std::string versioning = "versioned";
  bool read_history = false;
  bool conditional_read_not_modified = true;  // supports If-None-Match / If-Modified-Since
};

struct SecurityCapability {
  bool cors = false;
  std::string description;
  std::vector<std::string>
      services;  // codes of http://terminology.hl7.org/CodeSystem/restful-security-service
};

class CapabilityRegistry {
 public:
  void add_resource(ResourceCapability resource);
  void add_system_operation(OperationCapability op);
  void set_security(SecurityCapability security) { security_ = std::move(security); }
  const std::vector<ResourceCapability>& resources() const { return resources_; }

  // Builds the CapabilityStatement resource. `base_url` is the external FHIR base.
  Json build(const std::string& base_url, const std::string& software_version,
             const std::string& release_date) const;

 private:
  std::vector<ResourceCapability> resources_;
  std::vector<OperationCapability> system_operations_;
  SecurityCapability security_;
};

}  // namespace gateway::fhir
