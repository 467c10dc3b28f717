// Scope evaluation for NHN and SMART scopes.
#include "auth/scopes.hpp"

#include <algorithm>

namespace gateway::auth {
namespace {

using fhir::Interaction;

// "(Type|*).(permissions)" of a SMART scope.
bool smart_permissions_grant(std::string_view rest, std::string_view resource_type,
                             char permission) {
  // Scopes narrowed by "?param=value" are not granted: the gateway cannot enforce them.
  if (rest.find('?') != std::string_view::npos) return false;
  const std::size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view type = rest.substr(0, dot);
  const std::string_view permissions = rest.substr(dot + 1);
  if (type != "*" && (resource_type.empty() || type != resource_type)) return false;
  if (permissions == "*") return true;
  if (permissions == "read") return permission == 'r' || permission == 's';
  if (permissions == "write") return permission == 'c' || permission == 'u' || permission == 'd';
  // v2 letters must appear in order c, r, u, d, s, each at most once.
  std::string_view order = "cruds";
  std::size_t at = 0;
  for (const char letter : permissions) {
    const std::size_t found = order.find(letter, at);
    if (found == std::string_view::npos) return false;
    at = found + 1;
  }
  return permissions.find(permission) != std::string_view::npos;
}

// SMART v2 "(patient|user|system)/(Type|*).(c?r?u?d?s?)", and v1 ".read|.write|.*".
Grant smart_scope_grants(std::string_view scope, std::string_view resource_type, char permission) {
  const std::size_t slash = scope.find('/');
  if (slash == std::string_view::npos) return Grant::none;
  const std::string_view context = scope.substr(0, slash);
  if (context != "patient" && context != "user" && context != "system") return Grant::none;
  const bool granted = smart_permissions_grant(scope.substr(slash + 1), resource_type, permission);
  if (!granted) return Grant::none;
  return context == "patient" ? Grant::patient_compartment : Grant::full;
}

bool contains(const std::vector<std::string>& scopes, std::string_view scope) {
  return !scope.empty() && std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

}  // namespace

bool is_write(Interaction interaction, std::string_view method) {
  switch (interaction) {
    case Interaction::create:
    case Interaction::update:
    case Interaction::patch:
    case Interaction::delete_:
      return true;
    case Interaction::operation:
    case Interaction::transaction:
    case Interaction::other:
      return method != "GET" && method != "HEAD";
    default:
      return false;
  }
}

char smart_permission(Interaction interaction, std::string_view method) {
  switch (interaction) {
    case Interaction::create:
      return 'c';
    case Interaction::update:
    case Interaction::patch:
      return 'u';
    case Interaction::delete_:
      return 'd';
    case Interaction::search_type:
      return 's';
    case Interaction::operation:
    case Interaction::transaction:
    case Interaction::other:
      return is_write(interaction, method) ? 'c' : 'r';
    default:
      return 'r';
  }
}

Grant scopes_grant(const std::vector<std::string>& scopes, const ScopeConfig& config,
                   const fhir::Route& route) {
  switch (route.access) {
    case fhir::Access::admin:
      return contains(scopes, config.admin) ? Grant::full : Grant::none;
    case fhir::Access::audit_admin:
      return contains(scopes, config.audit_admin) ? Grant::full : Grant::none;
    case fhir::Access::privacy:
      return contains(scopes, config.privacy) ? Grant::full : Grant::none;
    case fhir::Access::audit_log:
      if (contains(scopes, config.audit)) return Grant::full;
      return contains(scopes, config.citizen) ? Grant::citizen : Grant::none;
    default:
      break;
  }
  const bool write = is_write(route.interaction, route.method);
  if (contains(scopes, write ? config.write : config.read)) return Grant::full;
  if (!config.smart) return Grant::none;
  const char permission = smart_permission(route.interaction, route.method);
  Grant widest = Grant::none;
  for (const std::string& scope : scopes) {
    const Grant grant = smart_scope_grants(scope, route.resource_type, permission);
    if (grant == Grant::full) return Grant::full;
    if (grant == Grant::patient_compartment) widest = grant;
  }
  return widest;
}

std::string required_scope(const ScopeConfig& config, const fhir::Route& route) {
  if (route.access == fhir::Access::admin) return config.admin;
  if (route.access == fhir::Access::audit_admin) return config.audit_admin;
  if (route.access == fhir::Access::privacy) return config.privacy;
  if (route.access == fhir::Access::audit_log) return config.audit + " or " + config.citizen;
  return is_write(route.interaction, route.method) ? config.write : config.read;
}

}  // namespace gateway::auth
