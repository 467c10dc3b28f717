// The CapabilityStatement's search entries for a stored type: exactly the parameters query
// parsing accepts, with the _include and _revinclude values it validates.
#pragma once

#include "fhir/capability.hpp"
#include "search/registry.hpp"

namespace gateway::search {

// Fills `resource.search_params`, `search_includes` ("Type:param") and `search_rev_includes`
// ("Source:param", every stored type's reference parameter that can point to this type)
// for `resource.type`.
void describe_search(const SearchRegistry& registry, fhir::ResourceCapability& resource);

}  // namespace gateway::search
