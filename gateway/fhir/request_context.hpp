// What the pipeline knows about one request, built once as the stages run: the request id,
// the matched route, the validated principal and, for patient data, the patient and the
// purpose of use. The access log, metrics and audit read it; nothing is copied field by field.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/disclosure.hpp"

namespace gateway::auth {
struct Principal;  // defined by the auth library; the core only carries it
}

namespace gateway::fhir {

struct Route;

// The patient a patient-data request concerns, once a stage has established it.
struct PatientRef {
  std::string system;  // e.g. urn:oid:2.16.578.1.12.4.1.4.1 (fødselsnummer)
  std::string value;
};

struct RequestContext {
  std::string request_id;
  const Route* route = nullptr;  // null until routed (or when nothing matched)
  std::string target;            // "Type/id" of the resource the route addresses, when it names one
  std::shared_ptr<const auth::Principal> principal;  // null for open or public routes
  std::optional<PatientRef> patient;
  std::string purpose_of_use;  // code from the attestation, when known
  // Set when the token's grant covers one patient's compartment only (a SMART patient/
  // scope): the patient identifier the handler must restrict every read and write to.
  std::optional<std::string> compartment_patient;
  // For patient data: which compartments the caller may see and write, decided by the
  // pipeline before the handler runs (compartment keys, see storage/search_query.hpp).
  // nullopt means nothing was decided and handlers refuse; `unrestricted` is for operations.
  struct CompartmentScope {
    bool unrestricted = false;
    std::vector<std::string> keys;
  };
  std::optional<CompartmentScope> compartments;
  // The access log through a citizen scope: the caller is the patient (pid) and sees only
  // the audit records about themselves, without internal fields.
  bool citizen_view = false;
  // For patient data: what may be disclosed (privacy registry, confidentiality), decided
  // with the compartments; shared so that the handler's store view can count into it.
  std::shared_ptr<Disclosure> disclosure;

  // The route template for logs and metrics: never the raw path (it may hold identifiers).
  std::string_view route_template() const;
};

}  // namespace gateway::fhir
