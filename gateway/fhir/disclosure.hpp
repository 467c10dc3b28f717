// What a patient-data request may disclose, decided before its handler runs from the
// patient's privacy registry (Consent) and the caller's right to see confidential labels.
// The records' store view enforces it and counts what it withheld; the pipeline reports
// the restriction and the count in response headers and in the audit record.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace gateway::fhir {

// A security label: a coding of meta.security or DocumentReference.securityLabel.
struct SecurityLabel {
  std::string system;
  std::string code;
};

struct Disclosure {
  enum class Restriction {
    none,
    reservation,  // the patient reserved against sharing: no protected data for anyone
    block,        // the patient blocked this caller (person or organisation)
  };
  Restriction restriction = Restriction::none;
  std::vector<std::string> blocked;            // "Type/id" the patient blocked (documents)
  std::vector<SecurityLabel> withheld_labels;  // resources labelled so are withheld
  std::atomic<std::int64_t> withheld{0};       // resources withheld so far (labels, blocks)
};

// "reservation", "block", or "" for none: the nhn-privacy-restriction header's value.
inline const char* restriction_name(Disclosure::Restriction restriction) {
  switch (restriction) {
    case Disclosure::Restriction::reservation:
      return "reservation";
    case Disclosure::Restriction::block:
      return "block";
    case Disclosure::Restriction::none:
      break;
  }
  return "";
}

}  // namespace gateway::fhir
