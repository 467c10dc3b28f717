// Storage errors to FHIR errors: the diagnostics name the resource, never the database.
#include "records/store_errors.hpp"

#include <string>

namespace gateway::records {

using fhir::ErrorKind;
using storage::StoreErrorKind;

fhir::Error to_fhir_error(const storage::StoreError& error, std::string_view what) {
  const std::string name(what);
  fhir::Error out;
  out.log_detail = error.message;
  switch (error.kind) {
    case StoreErrorKind::not_found:
      out.kind = ErrorKind::not_found;
      out.diagnostics = name + " is not known";
      break;
    case StoreErrorKind::deleted:
      out.kind = ErrorKind::gone;
      out.diagnostics = name + " was deleted";
      break;
    case StoreErrorKind::version_conflict:
      out.kind = ErrorKind::precondition_failed;
      out.diagnostics = name + " is at version " + std::to_string(error.current_version) +
                        ", not at the version the request expected";
      break;
    case StoreErrorKind::duplicate:
      out.kind = ErrorKind::precondition_failed;
      out.diagnostics = "More than one resource matches the condition for " + name;
      break;
    case StoreErrorKind::unavailable:
      out.kind = ErrorKind::unavailable;
      out.diagnostics =
          "The patient-data store is unavailable; retry after the time in Retry-After";
      out.headers.push_back({"retry-after", "1"});
      break;
    case StoreErrorKind::invalid:
      out.kind = ErrorKind::invalid_request;
      out.diagnostics = "The request cannot be run against the store (" + name + ")";
      break;
    case StoreErrorKind::forbidden:
      out.kind = ErrorKind::forbidden;
      out.diagnostics = name + " is outside the patient compartment the access token grants";
      break;
    case StoreErrorKind::withheld:
      out.kind = ErrorKind::forbidden;
      out.diagnostics = name +
                        " is withheld: the patient's privacy settings or its confidentiality "
                        "do not let this caller see it";
      break;
    case StoreErrorKind::internal:
      out.kind = ErrorKind::internal;
      out.diagnostics = "The patient-data store failed";
      break;
  }
  return out;
}

}  // namespace gateway::records
