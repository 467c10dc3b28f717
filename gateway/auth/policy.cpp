// The access policy.
#include "auth/policy.hpp"

#include <algorithm>
#include <charconv>

#include "auth/trust_framework.hpp"

namespace gateway::auth {
namespace {

std::optional<int> security_level(const std::string& text) {
  int level = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return level;
}

Status check_patient_data(const Principal& principal, const PolicyConfig& config) {
  if (!principal.is_user()) return fail(FailureReason::user_required, "no pid claim");
  const auto level = security_level(principal.security_level);
  if (!level || *level < config.min_security_level) {
    return fail(FailureReason::security_level_too_low,
                "security_level '" + principal.security_level + "'");
  }
  if (!config.require_attestation) return {};
  if (!principal.attestation) {
    return fail(FailureReason::attestation_required, principal.attestation_problem);
  }
  const auto& purpose = principal.attestation->care_relationship.purpose_of_use;
  if (!purpose || !is_accepted_purpose_of_use(*purpose)) {
    return fail(FailureReason::purpose_of_use_required,
                purpose ? "purpose_of_use " + purpose->code : "no purpose_of_use");
  }
  return {};
}

// A patient/ scope: the attestation must name exactly one patient, by identifier.
Result<Permission> compartment_of(const Principal& principal) {
  if (!principal.attestation || principal.attestation->patients.size() != 1 ||
      !principal.attestation->patients.front().identifier) {
    return fail(FailureReason::insufficient_scope, "patient/ scope without one attested patient");
  }
  return Permission{principal.attestation->patients.front().identifier->id};
}

}  // namespace

Result<Permission> check_policy(const Principal& principal, const fhir::Route& route,
                                const PolicyConfig& config) {
  const Grant grant = scopes_grant(principal.scopes, config.scopes, route);
  if (grant == Grant::none) {
    return fail(FailureReason::insufficient_scope, "needs " + required_scope(config.scopes, route));
  }
  switch (route.access) {
    case fhir::Access::open:
    case fhir::Access::admin:
      if (grant != Grant::full) return fail(FailureReason::insufficient_scope, "patient/ scope");
      return Permission{};
    case fhir::Access::grunndata:
      if (grant != Grant::full) return fail(FailureReason::insufficient_scope, "patient/ scope");
      if (!principal.is_user() &&
          (!config.grunndata_machine_read || is_write(route.interaction, route.method))) {
        return fail(FailureReason::machine_token_refused, "grunndata");
      }
      return Permission{};
    case fhir::Access::patient_data:
      if (auto allowed = check_patient_data(principal, config); !allowed) return allowed.error();
      if (grant == Grant::full) return Permission{};
      return compartment_of(principal);
  }
  return fail(FailureReason::insufficient_scope, "unknown access kind");
}

Status check_patient(const Principal& principal, std::string_view patient_identifier) {
  if (!principal.attestation || patient_identifier.empty()) {
    return fail(FailureReason::patient_mismatch, "no attestation or no patient identifier");
  }
  const auto& patients = principal.attestation->patients;
  const bool named = std::any_of(patients.begin(), patients.end(), [&](const AttestedPatient& p) {
    return p.identifier && p.identifier->id == patient_identifier;
  });
  if (!named) return fail(FailureReason::patient_mismatch, "patient not in attestation");
  return {};
}

}  // namespace gateway::auth
