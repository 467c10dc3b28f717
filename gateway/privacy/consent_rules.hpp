// The privacy registry's rules: what a patient's active privacy Consents (scope
// patient-privacy) deny a given caller. A deny provision, at the top or nested, is
//  - a reservation when it names neither actor nor data (nobody but the patient sees their
//    documents or critical information);
//  - a document block when it names data (`data.reference`, "DocumentReference/x");
//  - a person or organisation block when it names actors by identifier (HPR number, or
//    organisation number of a legal entity or point of care): it denies only a caller who
//    is that person or acts for that organisation, everything, or the named data only.
// A provision applies within its period. Permit provisions are not exceptions to a deny in
// this version: a deny stands (the safe reading).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fhir/disclosure.hpp"
#include "fhir/json.hpp"

namespace gateway::privacy {

inline constexpr const char* kConsentScopeSystem =
    "http://terminology.hl7.org/CodeSystem/consentscope";
inline constexpr const char* kHprSystem = "urn:oid:2.16.578.1.12.4.1.4.4";
inline constexpr const char* kOrgnrSystem = "urn:oid:2.16.578.1.12.4.1.4.101";

// Who asks, as the actors of a Consent name them.
struct Viewer {
  std::string hpr_number;
  std::vector<std::string> organisations;  // organisation numbers it acts for
};

struct ConsentEffect {
  fhir::Disclosure::Restriction restriction = fhir::Disclosure::Restriction::none;
  std::vector<std::string> blocked;  // "Type/id"
};

// True for an active Consent of scope patient-privacy.
bool is_active_privacy_consent(const fhir::Json& consent);

// What `consents` (any Consents of the patient; others than active privacy ones are
// skipped) deny `viewer` at `now_ms`.
ConsentEffect consent_effect(const std::vector<fhir::Json>& consents, const Viewer& viewer,
                             std::int64_t now_ms);

}  // namespace gateway::privacy
