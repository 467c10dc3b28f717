// What every records handler works with: the store, the search module, the validator, the
// settings and the public base URL. Owned by the module; handlers only borrow it.
#pragma once

#include <cstddef>
#include <string>

#include "fhir/search_common.hpp"
#include "records/search_support.hpp"
#include "storage/resource_store.hpp"
#include "validation/validator.hpp"

namespace gateway::records {

struct RecordsConfig {
  bool require_if_match = true;          // updates of stored types need If-Match (else 428)
  std::size_t max_bundle_entries = 500;  // batch and transaction Bundles, at most
  fhir::PagingLimits paging;
};

struct RecordsContext {
  storage::ResourceStore& store;
  const SearchSupport& search;
  const validation::Validator& validator;  // every write is checked before it is stored
  RecordsConfig config;
  std::string base_url;  // "https://host/fhir", set when the module starts
};

}  // namespace gateway::records
