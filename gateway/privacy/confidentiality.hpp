// Confidentiality labels: which ones a caller may not see, and whether a resource carries
// one. Health personnel never see HL7 v3 Confidentiality V (very restricted) or the
// Norwegian 9603 NORS (skjermet for helsepersonell); R (restricted) only when their attested
// authorisation is one of `restricted_label_roles`. The other 9603 codes (NORN_*, NORU)
// restrict what the citizen sees of their own record, not health personnel.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fhir/disclosure.hpp"
#include "fhir/json.hpp"

namespace gateway::privacy {

inline constexpr const char* kConfidentialitySystem =
    "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
inline constexpr const char* kConfidentialityOid = "urn:oid:2.16.840.1.113883.5.25";
inline constexpr const char* kNorwegianLabelOid = "urn:oid:2.16.578.1.12.4.1.1.9603";
inline constexpr const char* kNorwegianLabelSystem =
    "http://helsedir.no/fhir/CodeSystem/no-kodeverk-9603";

// The labels withheld from a practitioner with `authorization_code` (HPR authorisation,
// e.g. LE for physicians), each under every system that names it.
std::vector<fhir::SecurityLabel> withheld_labels(
    std::string_view authorization_code, const std::vector<std::string>& restricted_label_roles);

// True when `resource` has one of `labels` in meta.security or (DocumentReference)
// securityLabel.
bool carries_label(const fhir::Json& resource, const std::vector<fhir::SecurityLabel>& labels);

}  // namespace gateway::privacy
