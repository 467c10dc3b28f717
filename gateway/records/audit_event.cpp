// AuditEvent resources for changes the records layer makes (see audit_event.hpp).
#include "records/audit_event.hpp"

#include "auth/principal.hpp"
#include "records/instant.hpp"

namespace gateway::records {
namespace {

constexpr const char* kHprSystem = "urn:oid:2.16.578.1.12.4.1.4.4";
constexpr const char* kOrgnrSystem = "urn:oid:2.16.578.1.12.4.1.4.101";

fhir::Json coding(const char* system, const std::string& code, const std::string& display) {
  return {{"system", system}, {"code", code}, {"display", display}};
}

// The requesting agent: a user by HPR number, a system by its organisation number.
fhir::Json agent_of(const auth::Principal* principal) {
  fhir::Json agent = {{"requestor", true}};
  if (principal == nullptr) return agent;
  const bool user = principal->is_user();
  agent["type"] = {{"coding", fhir::Json::array({coding(
                                  "http://terminology.hl7.org/CodeSystem/extra-security-role-type",
                                  user ? "humanuser" : "dataprocessor",
                                  user ? "human user" : "data processor")})}};
  const std::string& orgnr =
      principal->orgnr_child.empty() ? principal->orgnr_parent : principal->orgnr_child;
  if (user && !principal->hpr_number.empty()) {
    agent["who"] = {{"identifier", {{"system", kHprSystem}, {"value", principal->hpr_number}}}};
  } else if (!orgnr.empty()) {
    agent["who"] = {{"identifier", {{"system", kOrgnrSystem}, {"value", orgnr}}}};
  }
  if (!principal->client_id.empty()) agent["altId"] = principal->client_id;
  return agent;
}

// The entity of a patient named by a compartment key; null for a key of another kind.
fhir::Json patient_entity(const std::string& key) {
  fhir::Json what;
  if (key.starts_with("Patient/")) {
    what = {{"reference", key}};
  } else if (key.starts_with("identifier:") && key.find('|') != std::string::npos) {
    const std::string system_value = key.substr(std::string_view("identifier:").size());
    const std::size_t bar = system_value.find('|');
    what = {{"type", "Patient"},
            {"identifier",
             {{"system", system_value.substr(0, bar)}, {"value", system_value.substr(bar + 1)}}}};
  } else {
    return nullptr;
  }
  return {
      {"what", std::move(what)},
      {"type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person")},
      {"role", coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")}};
}

}  // namespace

fhir::Json audit_event_for(const fhir::RequestContext& context, const AuditedChange& change) {
  fhir::Json entity = {{"what", {{"reference", change.what}}},
                       {"type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type",
                                       "2", "System Object")},
                       {"description", change.description}};
  if (!context.request_id.empty()) {
    entity["detail"] = fhir::Json::array(
        {fhir::Json{{"type", "request-id"}, {"valueString", context.request_id}}});
  }
  fhir::Json entities = fhir::Json::array({std::move(entity)});
  for (const std::string& key : change.patients) {
    if (fhir::Json patient = patient_entity(key); !patient.is_null()) {
      entities.push_back(std::move(patient));
    }
  }
  return {{"resourceType", "AuditEvent"},
          {"type", coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
                          "RESTful Operation")},
          {"subtype", fhir::Json::array({coding("http://hl7.org/fhir/restful-interaction",
                                                change.interaction, change.interaction)})},
          {"action", change.action},
          {"recorded", format_instant(change.recorded_ms)},
          {"outcome", "0"},
          {"agent", fhir::Json::array({agent_of(context.principal.get())})},
          {"source",
           {{"observer", {{"display", "fhir-gateway"}}},
            {"type",
             fhir::Json::array({coding("http://terminology.hl7.org/CodeSystem/security-source-type",
                                       "4", "Application Server")})}}},
          {"entity", std::move(entities)}};
}

}  // namespace gateway::records
