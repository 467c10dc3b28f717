// The access policy.
#include "auth/policy.hpp"

#include <algorithm>
#include <charconv>

#include "auth/base64url.hpp"
#include "auth/trust_framework.hpp"

namespace gateway::auth {
namespace {

// The checks of a present attestation, cheapest first. The purpose of use: one of the four
// codes in exactly the HL7 PurposeOfUse system, and an emergency one only when allowed.
Status check_purpose_of_use(const Principal& principal, const PolicyConfig& config) {
  const auto& purpose = principal.attestation->care_relationship.purpose_of_use;
  if (!purpose) return fail(FailureReason::purpose_of_use_required, "no purpose_of_use");
  if (purpose->system != kPurposeOfUseSystem) {
    return fail(FailureReason::purpose_of_use_system_invalid,
                purpose->system.empty() ? "purpose_of_use without a code system"
                                        : "purpose_of_use in another code system");
  }
  if (!is_accepted_purpose_of_use(*purpose)) {
    return fail(FailureReason::purpose_of_use_required, "purpose_of_use " + purpose->code);
  }
  if (!config.allow_emergency_access && is_emergency_purpose(principal)) {
    return fail(FailureReason::emergency_access_disabled, "purpose_of_use " + purpose->code);
  }
  return {};
}

// The attested practitioner is the logged-in user: the same pid, and the same HPR number
// when both name one. Machine tokens have no user to compare with.
Status check_practitioner(const Principal& principal) {
  if (!principal.is_user()) return {};
  const AttestedPractitioner& practitioner = principal.attestation->practitioner;
  if (practitioner.identifier && !practitioner.identifier->id.empty() &&
      !constant_time_equal(practitioner.identifier->id, principal.pid)) {
    return fail(FailureReason::practitioner_mismatch,
                "attested practitioner identifier is not the user's pid");
  }
  if (practitioner.hpr_number && !practitioner.hpr_number->id.empty() &&
      !principal.hpr_number.empty() &&
      !constant_time_equal(practitioner.hpr_number->id, principal.hpr_number)) {
    return fail(FailureReason::practitioner_mismatch,
                "attested practitioner HPR number is not the user's");
  }
  return {};
}

bool is_eleven_digits(const std::string& text) {
  return text.size() == 11 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Every attested patient identifier is a national person identifier (fødselsnummer,
// D-nummer or H-nummer) of 11 digits. A patient entry without an identifier (a care unit
// only) names nobody and is left to the compartment checks.
Status check_attested_patients(const std::vector<AttestedPatient>& patients) {
  for (const AttestedPatient& patient : patients) {
    if (!patient.identifier) continue;
    if (!is_national_person_system(patient.identifier->system)) {
      return fail(FailureReason::patient_identifier_invalid,
                  patient.identifier->system.empty()
                      ? "attested patient identifier without a system"
                      : "attested patient identifier not in a national person identifier system");
    }
    if (!is_eleven_digits(patient.identifier->id)) {
      return fail(FailureReason::patient_identifier_invalid,
                  "attested patient identifier is not 11 digits");
    }
  }
  return {};
}

std::optional<int> security_level(const std::string& text) {
  int level = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return level;
}

// A person logged in at the required security level.
Status check_user(const Principal& principal, const PolicyConfig& config) {
  if (!principal.is_user()) return fail(FailureReason::user_required, "no pid claim");
  const auto level = security_level(principal.security_level);
  if (!level || *level < config.min_security_level) {
    return fail(FailureReason::security_level_too_low,
                "security_level '" + principal.security_level + "'");
  }
  return {};
}

Status check_patient_data(const Principal& principal, const PolicyConfig& config) {
  if (auto user = check_user(principal, config); !user) return user;
  if (!config.require_attestation) return {};
  if (!principal.attestation) {
    return fail(FailureReason::attestation_required, principal.attestation_problem);
  }
  if (auto purpose = check_purpose_of_use(principal, config); !purpose) return purpose;
  if (auto practitioner = check_practitioner(principal); !practitioner) return practitioner;
  return check_attested_patients(principal.attestation->patients);
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
    case fhir::Access::audit_admin:
    case fhir::Access::privacy:
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
    case fhir::Access::audit_log:
      // Supervisors and citizens alike are persons logged in at the required level.
      if (auto user = check_user(principal, config); !user) return user.error();
      return Permission{std::nullopt, grant == Grant::citizen};
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

bool is_emergency_purpose(const Principal& principal) {
  if (!principal.attestation) return false;
  const auto& purpose = principal.attestation->care_relationship.purpose_of_use;
  return purpose && (purpose->code == "ETREAT" || purpose->code == "BTG");
}

}  // namespace gateway::auth
