// A view of the store that discloses only what the request's Disclosure allows: under a
// reservation or a block, the protected types (privacy/protected_types.hpp) are empty to
// searches and history and refused (403) to reads; blocked resources and those carrying a
// withheld confidentiality label are left out of searches (by the query itself, so paging
// and totals stay right), includes and history, and refused to reads. Everything left out
// is counted into the Disclosure. Writes pass through unchanged: a care provider may still
// record information about the patient.
#pragma once

#include <memory>

#include "fhir/disclosure.hpp"
#include "storage/resource_store.hpp"

namespace gateway::records {

std::unique_ptr<storage::ResourceStore> disclosed_store(
    std::unique_ptr<storage::ResourceStore> inner, std::shared_ptr<fhir::Disclosure> disclosure);

}  // namespace gateway::records
