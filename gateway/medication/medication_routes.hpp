// HTTP routes of the medication catalog: read and search (GET and POST _search) for every
// served type, with their CapabilityStatement entries.
#pragma once

#include <memory>
#include <vector>

#include "fhir/capability.hpp"
#include "fhir/router.hpp"
#include "medication/catalog/service.hpp"
#include "medication/medication_config.hpp"

namespace gateway::medication {

// The routes (in-memory reads: they run on the I/O threads) and their capabilities.
std::vector<fhir::Route> medication_routes(fhir::CapabilityRegistry& capabilities,
                                           std::shared_ptr<const CatalogService> service,
                                           const MedicationConfig& config);

// The handlers, usable without a router (tests, benchmarks).
fhir::Response handle_read(const CatalogService& service, ResourceType type,
                           const fhir::Request& request);
fhir::Response handle_search(const CatalogService& service, const MedicationConfig& config,
                             ResourceType type, const fhir::Request& request);
fhir::Response handle_post_search(const CatalogService& service, const MedicationConfig& config,
                                  ResourceType type, const fhir::Request& request);

}  // namespace gateway::medication
