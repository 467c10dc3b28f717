// The AuditEvent of one request (see audit_event.hpp).
#include "audit/audit_event.hpp"

#include <openssl/evp.h>

#include "auth/principal.hpp"
#include "fhir/instant.hpp"
#include "fhir/router.hpp"
#include "storage/search_query.hpp"

namespace gateway::audit {
namespace {

using fhir::Json;

constexpr const char* kEntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
constexpr const char* kObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";
constexpr const char* kRoleType = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
constexpr const char* kRoleClass = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";

Json coding(const char* system, std::string_view code, std::string_view display) {
  return {{"system", system}, {"code", code}, {"display", display}};
}

Json concept_of(const auth::AttestedCode& code) {
  Json c = {{"code", code.code}};
  if (!code.system.empty()) c["system"] = code.system;
  if (!code.text.empty()) c["display"] = code.text;
  return {{"coding", Json::array({std::move(c)})}};
}

// An organisation or person named by identifier, with its name when the attestation gives it.
Json who(const char* system, const std::string& value, const std::string& display) {
  Json reference = {{"identifier", {{"system", system}, {"value", value}}}};
  if (!display.empty()) reference["display"] = display;
  return reference;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.resize(written > 0 ? static_cast<std::size_t>(written) : 0);
  return out;
}

// C R U D E of the interaction (a search is an execute, as BALP's Query).
const char* action_of(fhir::Interaction interaction) {
  switch (interaction) {
    case fhir::Interaction::create:
      return "C";
    case fhir::Interaction::read:
    case fhir::Interaction::vread:
    case fhir::Interaction::history_instance:
    case fhir::Interaction::history_type:
      return "R";
    case fhir::Interaction::update:
    case fhir::Interaction::patch:
      return "U";
    case fhir::Interaction::delete_:
      return "D";
    default:
      return "E";
  }
}

// The person who asked: a health worker by HPR number (or a citizen by person number),
// with the name and authorisation the attestation gives and why they asked.
Json user_agent(const auth::Principal& principal) {
  const auth::Attestation* attestation = principal.attestation ? &*principal.attestation : nullptr;
  std::string name;
  if (attestation && attestation->practitioner.identifier) {
    name = attestation->practitioner.identifier->name;
  }
  Json agent = {
      {"type", {{"coding", Json::array({coding(kRoleType, "humanuser", "human user")})}}}};
  if (!principal.hpr_number.empty()) {
    agent["who"] = who(kHprSystem, principal.hpr_number, name);
  } else {
    agent["who"] = who(person_number_system(principal.pid), principal.pid, name);
  }
  if (!name.empty()) agent["name"] = name;
  if (attestation && attestation->practitioner.authorization) {
    agent["role"] = Json::array({concept_of(*attestation->practitioner.authorization)});
  }
  agent["requestor"] = true;
  if (attestation && attestation->care_relationship.decision_ref &&
      !attestation->care_relationship.decision_ref->id.empty()) {
    agent["policy"] = Json::array({attestation->care_relationship.decision_ref->id});
  }
  if (attestation && attestation->care_relationship.purpose_of_use) {
    agent["purposeOfUse"] =
        Json::array({concept_of(*attestation->care_relationship.purpose_of_use)});
  }
  return agent;
}

// The client system and the organisation it acts for (the legal entity).
Json client_agent(const auth::Principal& principal) {
  const auth::AttestedIdentifier* legal =
      principal.attestation && principal.attestation->practitioner.legal_entity
          ? &*principal.attestation->practitioner.legal_entity
          : nullptr;
  Json agent = {
      {"type", {{"coding", Json::array({coding(kRoleType, "dataprocessor", "data processor")})}}}};
  const std::string& orgnr = legal && !legal->id.empty() ? legal->id : principal.orgnr_parent;
  if (!orgnr.empty()) agent["who"] = who(kOrgnrSystem, orgnr, legal ? legal->name : "");
  if (!principal.client_id.empty()) agent["altId"] = principal.client_id;
  if (!principal.client_name.empty()) agent["name"] = principal.client_name;
  agent["requestor"] = !principal.is_user();
  return agent;
}

// The point of care and department the user works at, when the token or attestation says.
void add_care_site_agents(const auth::Principal& principal, Json& agents) {
  const auto* practitioner = principal.attestation ? &principal.attestation->practitioner : nullptr;
  std::string orgnr = principal.orgnr_child;
  std::string name;
  if (practitioner && practitioner->point_of_care && !practitioner->point_of_care->id.empty()) {
    orgnr = practitioner->point_of_care->id;
    name = practitioner->point_of_care->name;
  }
  if (!orgnr.empty()) {
    agents.push_back(
        {{"type", {{"coding", Json::array({coding(kRoleClass, "PROV", "healthcare provider")})}}},
         {"who", who(kOrgnrSystem, orgnr, name)},
         {"requestor", false}});
  }
  if (practitioner && practitioner->department && !practitioner->department->id.empty()) {
    const auto& department = *practitioner->department;
    const std::string system = department.system.empty() ? kOrgnrSystem : department.system;
    agents.push_back(
        {{"type",
          {{"coding", Json::array({coding(kRoleClass, "SDLOC", "service delivery location")})}}},
         {"who", who(system.c_str(), department.id, department.name)},
         {"requestor", false}});
  }
}

Json patient_entity(Json what) {
  return {{"what", std::move(what)},
          {"type", coding(kEntityType, "1", "Person")},
          {"role", coding(kObjectRole, "1", "Patient")}};
}

// The patients the request concerned: the attested ones (by identifier), and the stored
// Patients the pipeline found for them (by reference).
void add_patient_entities(const fhir::RequestContext& context, Json& entities) {
  if (context.principal && context.principal->attestation) {
    for (const auto& patient : context.principal->attestation->patients) {
      if (!patient.identifier || patient.identifier->id.empty()) continue;
      const auto& id = *patient.identifier;
      if (context.compartment_patient && id.id != *context.compartment_patient) continue;
      entities.push_back(patient_entity(
          {{"type", "Patient"}, {"identifier", {{"system", id.system}, {"value", id.id}}}}));
    }
  }
  if (context.compartments && !context.compartments->unrestricted) {
    for (const std::string& key : context.compartments->keys) {
      if (key.starts_with("Patient/")) entities.push_back(patient_entity({{"reference", key}}));
    }
  }
}

// A patient named by a compartment key (storage/search_query.hpp); null for another kind.
Json patient_of_key(std::string_view key) {
  if (key.starts_with("Patient/")) return patient_entity({{"reference", key}});
  const auto identifier = storage::parse_compartment_identifier_key(key);
  if (!identifier) return nullptr;
  return patient_entity(
      {{"type", "Patient"},
       {"identifier", {{"system", identifier->system}, {"value", identifier->value}}}});
}

// The request itself: its id and the token's jti.
Json request_entity(const fhir::RequestContext& context) {
  Json details = Json::array();
  if (context.principal && !context.principal->token_id.empty()) {
    details.push_back({{"type", "token-jti"}, {"valueString", context.principal->token_id}});
  }
  Json entity = {
      {"what", {{"identifier", {{"system", kRequestIdSystem}, {"value", context.request_id}}}}},
      {"type", coding(kEntityType, "2", "System Object")},
      {"role", coding(kObjectRole, "20", "Job")},
      {"description", std::string(context.route_template())}};
  if (const auto& disclosure = context.disclosure) {
    if (disclosure->restriction != fhir::Disclosure::Restriction::none) {
      details.push_back({{"type", "privacy-restriction"},
                         {"valueString", fhir::restriction_name(disclosure->restriction)}});
    }
    if (const auto withheld = disclosure->withheld.load(); withheld > 0) {
      details.push_back({{"type", "withheld-count"}, {"valueString", std::to_string(withheld)}});
    }
  }
  if (!details.empty()) entity["detail"] = std::move(details);
  return entity;
}

// The first diagnostic of an OperationOutcome body, for the outcome description.
std::string first_diagnostic(const fhir::Response& response) {
  const Json body = Json::parse(response.body_view(), nullptr, false);
  if (!body.is_object()) return {};
  const auto issues = body.find("issue");
  if (issues == body.end() || !issues->is_array() || issues->empty()) return {};
  const auto diagnostics = issues->front().find("diagnostics");
  if (diagnostics == issues->front().end() || !diagnostics->is_string()) return {};
  return diagnostics->get<std::string>();
}

Json purposes_of_event(const auth::Principal& principal) {
  Json purposes = Json::array();
  if (!principal.attestation) return purposes;
  const auto& care = principal.attestation->care_relationship;
  for (const auto* code :
       {&care.purpose_of_use, &care.purpose_of_use_details, &care.healthcare_service}) {
    if (*code && !(*code)->code.empty()) purposes.push_back(concept_of(**code));
  }
  return purposes;
}

}  // namespace

const char* person_number_system(std::string_view number) {
  return !number.empty() && number.front() >= '4' && number.front() <= '7' ? kDnrSystem
                                                                           : kFnrSystem;
}

fhir::Json audit_event(const fhir::RequestContext& context, const fhir::Response& response,
                       std::int64_t recorded_ms) {
  const fhir::Route* route = context.route;
  const fhir::Interaction interaction = route ? route->interaction : fhir::Interaction::other;
  Json event = {{"resourceType", "AuditEvent"},
                {"type", coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
                                "RESTful Operation")},
                {"subtype", Json::array({coding("http://hl7.org/fhir/restful-interaction",
                                                fhir::interaction_code(interaction),
                                                fhir::interaction_code(interaction))})},
                {"action", response.audit.action.empty() ? std::string(action_of(interaction))
                                                         : response.audit.action},
                {"recorded", fhir::format_instant(recorded_ms)}};
  if (response.status < 400) {
    event["outcome"] = "0";
  } else {
    event["outcome"] = response.status < 500 ? "4" : "8";
    std::string description = "HTTP " + std::to_string(response.status);
    if (const std::string diagnostic = first_diagnostic(response); !diagnostic.empty()) {
      description += ": " + diagnostic;
    }
    event["outcomeDesc"] = std::move(description);
  }
  const auth::Principal* principal = context.principal.get();
  if (principal) {
    if (Json purposes = purposes_of_event(*principal); !purposes.empty()) {
      event["purposeOfEvent"] = std::move(purposes);
    }
  }
  Json agents = Json::array();
  if (principal && principal->is_user()) agents.push_back(user_agent(*principal));
  if (principal) {
    agents.push_back(client_agent(*principal));
    add_care_site_agents(*principal, agents);
  } else {
    agents.push_back(
        {{"type", {{"coding", Json::array({coding(kRoleType, "humanuser", "human user")})}}},
         {"who", {{"display", "unauthenticated caller"}}},
         {"requestor", true}});
  }
  event["agent"] = std::move(agents);
  event["source"] = {
      {"observer", {{"display", "fhir-gateway"}}},
      {"type", Json::array({coding("http://terminology.hl7.org/CodeSystem/security-source-type",
                                   "4", "Application Server")})}};
  Json entities = Json::array();
  add_patient_entities(context, entities);
  for (const std::string& key : response.audit.patients) {
    if (Json patient = patient_of_key(key); !patient.is_null())
      entities.push_back(std::move(patient));
  }
  std::vector<std::string> touched = response.audit.resources;
  if (touched.empty() && !context.target.empty()) touched.push_back(context.target);  // attempted
  for (const std::string& resource : touched) {
    entities.push_back({{"what", {{"reference", resource}}},
                        {"type", coding(kEntityType, "2", "System Object")},
                        {"role", coding(kObjectRole, "4", "Domain Resource")}});
  }
  if (!response.audit.query.empty()) {
    entities.push_back({{"type", coding(kEntityType, "2", "System Object")},
                        {"role", coding(kObjectRole, "24", "Query")},
                        {"query", base64(response.audit.query)}});
  }
  entities.push_back(request_entity(context));
  event["entity"] = std::move(entities);
  return event;
}

}  // namespace gateway::audit
