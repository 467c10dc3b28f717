// Which FHIR interactions a token's scopes grant: NHN-style scopes ("nhn:<api>/<name>")
// mapped to read, write or admin in configuration, and SMART v2/v1 resource scopes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/router.hpp"

namespace gateway::auth {

struct ScopeConfig {
  std::string read;   // grants read, vread, search, history, capabilities, GET operations
  std::string write;  // grants create, update, patch, delete and POST operations (not read)
  std::string admin;  // grants Access::admin routes
  // Also understand SMART scopes such as "system/MedicinalProductDefinition.rs". Off by
  // default: HelseID does not issue them.
  bool smart = false;
  std::string audit;        // supervisors: the whole access log (Access::audit_log)
  std::string citizen;      // a patient's own token: the audit records about them only
  std::string audit_admin;  // erasing audit records (Access::audit_admin)
  std::string privacy;      // the privacy registry, Consent (Access::privacy)
};

// What a token's scopes grant on a route.
enum class Grant {
  none,
  full,                 // NHN scope, or a SMART system/ or user/ scope
  patient_compartment,  // only a SMART patient/ scope: the token's patient, nothing else
  citizen,              // the citizen scope on the access log: the caller's own records
};

// The SMART v2 permission letter an interaction needs: 'c', 'r', 'u', 'd' or 's'.
char smart_permission(fhir::Interaction interaction, std::string_view method);
bool is_write(fhir::Interaction interaction, std::string_view method);

// The widest grant any of `scopes` gives for the route's interaction.
Grant scopes_grant(const std::vector<std::string>& scopes, const ScopeConfig& config,
                   const fhir::Route& route);

// The scope to name in a 403 challenge for this route.
std::string required_scope(const ScopeConfig& config, const fhir::Route& route);

}  // namespace gateway::auth
