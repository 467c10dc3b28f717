// Generates the CapabilityStatement from what the modules registered.
#include "fhir/capability.hpp"

namespace gateway::fhir {

void CapabilityRegistry::add_resource(ResourceCapability resource) {
  resources_.push_back(std::move(resource));
}

void CapabilityRegistry::add_system_operation(OperationCapability op) {
  system_operations_.push_back(std::move(op));
}

namespace {

Json operation_json(const OperationCapability& op) {
  return {{"name", op.name}, {"definition", op.definition}};
}

Json resource_json(const ResourceCapability& r) {
  Json out = {{"type", r.type}};
  if (!r.profile.empty()) out["profile"] = r.profile;
  if (!r.supported_profiles.empty()) out["supportedProfile"] = r.supported_profiles;
  Json interactions = Json::array();
  for (const auto& code : r.interactions) interactions.push_back({{"code", code}});
  if (!interactions.empty()) out["interaction"] = std::move(interactions);
  out["versioning"] = r.versioning;
  out["readHistory"] = r.read_history;
  out["conditionalRead"] = r.conditional_read_not_modified ? "full-support" : "not-supported";
  if (!r.search_includes.empty()) out["searchInclude"] = r.search_includes;
  if (!r.search_rev_includes.empty()) out["searchRevInclude"] = r.search_rev_includes;
  Json params = Json::array();
  for (const auto& p : r.search_params) {
    Json param = {{"name", p.name}};
    if (!p.definition.empty()) param["definition"] = p.definition;
    param["type"] = p.type;
    if (!p.documentation.empty()) param["documentation"] = p.documentation;
    params.push_back(std::move(param));
  }
  if (!params.empty()) out["searchParam"] = std::move(params);
  Json ops = Json::array();
  for (const auto& op : r.operations) ops.push_back(operation_json(op));
  if (!ops.empty()) out["operation"] = std::move(ops);
  return out;
}

}  // namespace

Json CapabilityRegistry::build(const std::string& base_url, const std::string& software_version,
                               const std::string& release_date) const {
  Json rest = {{"mode", "server"}};
  Json security = {{"cors", security_.cors}};
  if (!security_.services.empty()) {
    Json codings = Json::array();
    for (const auto& code : security_.services) {
      codings.push_back(
          {{"system", "http://terminology.hl7.org/CodeSystem/restful-security-service"},
           {"code", code}});
    }
    security["service"] = Json::array({{{"coding", std::move(codings)}}});
  }
  if (!security_.description.empty()) security["description"] = security_.description;
  rest["security"] = std::move(security);
  Json resources = Json::array();
  for (const auto& r : resources_) resources.push_back(resource_json(r));
  if (!resources.empty()) rest["resource"] = std::move(resources);
  Json ops = Json::array();
  for (const auto& op : system_operations_) ops.push_back(operation_json(op));
  if (!ops.empty()) rest["operation"] = std::move(ops);

  return Json{
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", release_date},
      {"publisher", "FHIR gateway"},
      {"kind", "instance"},
      {"software", {{"name", "fhir-gateway"}, {"version", software_version}}},
      {"implementation",
       {{"description", "FHIR gateway for Norwegian health care"}, {"url", base_url}}},
      {"fhirVersion", "4.3.0"},
      {"format", Json::array({"application/fhir+json", "json"})},
      {"rest", Json::array({std::move(rest)})},
  };
}

}  // namespace gateway::fhir
