// The disclosure of one patient-data request: the patient's privacy registry as it applies
// to the caller (consent_rules.hpp), and the confidentiality labels withheld from them
// (confidentiality.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "fhir/disclosure.hpp"
#include "fhir/json.hpp"

namespace gateway::privacy {

struct PrivacySettings {
  // HPR authorisations that may see resources labelled R (restricted).
  std::vector<std::string> restricted_label_roles{"LE"};
};

// `consents`: the Consents in the patient's compartments. A caller without an attested
// practitioner sees no labelled resource at all.
std::shared_ptr<fhir::Disclosure> decide_disclosure(const auth::Principal& principal,
                                                    const std::vector<fhir::Json>& consents,
                                                    const PrivacySettings& settings,
                                                    std::int64_t now_ms);

}  // namespace gateway::privacy
