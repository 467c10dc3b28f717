// The disclosure decision (see disclosure_decision.hpp).
#include "privacy/disclosure_decision.hpp"

#include "privacy/confidentiality.hpp"
#include "privacy/consent_rules.hpp"

namespace gateway::privacy {
namespace {

void add(std::vector<std::string>& to, const std::string& value) {
  if (!value.empty()) to.push_back(value);
}

Viewer viewer_of(const auth::Principal& principal) {
  Viewer viewer;
  viewer.hpr_number = principal.hpr_number;
  add(viewer.organisations, principal.orgnr_parent);
  add(viewer.organisations, principal.orgnr_child);
  if (principal.attestation) {
    const auto& practitioner = principal.attestation->practitioner;
    if (viewer.hpr_number.empty() && practitioner.hpr_number) {
      viewer.hpr_number = practitioner.hpr_number->id;
    }
    if (practitioner.legal_entity) add(viewer.organisations, practitioner.legal_entity->id);
    if (practitioner.point_of_care) add(viewer.organisations, practitioner.point_of_care->id);
    if (practitioner.department) add(viewer.organisations, practitioner.department->id);
  }
  return viewer;
}

}  // namespace

std::shared_ptr<fhir::Disclosure> decide_disclosure(const auth::Principal& principal,
                                                    const std::vector<fhir::Json>& consents,
                                                    const PrivacySettings& settings,
                                                    std::int64_t now_ms) {
  auto disclosure = std::make_shared<fhir::Disclosure>();
  ConsentEffect effect = consent_effect(consents, viewer_of(principal), now_ms);
  disclosure->restriction = effect.restriction;
  disclosure->blocked = std::move(effect.blocked);
  std::string authorization;
  if (principal.attestation && principal.attestation->practitioner.authorization) {
    authorization = principal.attestation->practitioner.authorization->code;
  }
  disclosure->withheld_labels = withheld_labels(authorization, settings.restricted_label_roles);
  return disclosure;
}

}  // namespace gateway::privacy
