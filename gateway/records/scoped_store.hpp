// A view of the store limited to the compartments the caller may see: the only way the
// records handlers reach the store, so no handler can forget the rule. Reads outside are
// not found (no existence leak), searches and history are restricted, writes outside (of the
// new version or of the version it replaces) are forbidden.
#pragma once

#include <memory>

#include "fhir/request_context.hpp"
#include "storage/resource_store.hpp"

namespace gateway::records {

// `scope` unrestricted: the store itself. Keys: only versions in one of them.
std::unique_ptr<storage::ResourceStore> scoped_store(storage::ResourceStore& store,
                                                     fhir::RequestContext::CompartmentScope scope);

}  // namespace gateway::records
