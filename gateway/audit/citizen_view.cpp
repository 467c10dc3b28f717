// The citizen's view of AuditEvents (see citizen_view.hpp).
#include "audit/citizen_view.hpp"

#include <array>

namespace gateway::audit {
namespace {

using fhir::Json;

// Agent members a citizen sees; the rest (altId, policy, network, ...) is internal.
constexpr std::array<std::string_view, 5> kAgentMembers = {"type", "role", "who", "name",
                                                           "purposeOfUse"};

bool is_internal_entity(const Json& entity) {
  const auto role = entity.find("role");
  if (role == entity.end() || !role->is_object()) return false;
  const auto code = role->find("code");
  // 20 Job (the request), 24 Query: the gateway's own bookkeeping.
  return code != role->end() && code->is_string() && (*code == "20" || *code == "24");
}

void erase_absent(Json& object, std::string_view member) {
  if (object.is_object()) object.erase(std::string(member));
}

}  // namespace

Json citizen_view(const Json& audit_event) {
  Json view = audit_event;
  for (const char* member : {"outcomeDesc", "source", "text", "extension"}) {
    erase_absent(view, member);
  }
  if (auto agents = view.find("agent"); agents != view.end() && agents->is_array()) {
    for (Json& agent : *agents) {
      if (!agent.is_object()) continue;
      Json kept = Json::object();
      for (const std::string_view member : kAgentMembers) {
        if (auto found = agent.find(std::string(member)); found != agent.end()) {
          kept[std::string(member)] = *found;
        }
      }
      agent = std::move(kept);
    }
  }
  if (auto entities = view.find("entity"); entities != view.end() && entities->is_array()) {
    Json kept = Json::array();
    for (Json& entity : *entities) {
      if (!entity.is_object() || is_internal_entity(entity)) continue;
      erase_absent(entity, "detail");
      erase_absent(entity, "query");
      kept.push_back(std::move(entity));
    }
    *entities = std::move(kept);
  }
  return view;
}

std::string citizen_view_of_body(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, false);
  if (!parsed.is_object()) return std::string(body);
  const auto type = parsed.find("resourceType");
  if (type == parsed.end() || !type->is_string()) return std::string(body);
  if (*type == "AuditEvent") return citizen_view(parsed).dump();
  if (*type != "Bundle") return std::string(body);
  if (auto entries = parsed.find("entry"); entries != parsed.end() && entries->is_array()) {
    for (Json& entry : *entries) {
      auto resource = entry.find("resource");
      if (resource == entry.end() || !resource->is_object()) continue;
      const auto kind = resource->find("resourceType");
      if (kind != resource->end() && *kind == "AuditEvent") *resource = citizen_view(*resource);
    }
  }
  return parsed.dump();
}

}  // namespace gateway::audit
