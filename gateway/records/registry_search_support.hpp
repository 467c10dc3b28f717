// SearchSupport over the search module's registry: index rows with compartment keys for
// patients known by identifier, parsed searches, capability entries.
#pragma once

#include <map>

#include <memory>
#include <string>

#include "records/search_support.hpp"
#include "search/registry.hpp"

namespace gateway::records {

class RegistrySearchSupport final : public SearchSupport {
 public:
  // Works out each stored type's summary elements once, here.
  RegistrySearchSupport(std::shared_ptr<const search::SearchRegistry> registry,
                        fhir::PagingLimits limits);

  // The public base, once the module knows it: references on it index as Type/id.
  void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }

  fhir::Result<storage::IndexValues> index(std::string_view type,
                                           const fhir::Json& resource) const override;
  fhir::Result<ParsedSearch> parse(std::string_view type, const fhir::QueryParams& params,
                                   bool lenient) const override;
  const SummaryElements& summary_elements(std::string_view type) const override;
  void describe(std::string_view type, fhir::ResourceCapability& capability) const override;

 private:
  std::shared_ptr<const search::SearchRegistry> registry_;
  fhir::PagingLimits limits_;
  std::map<std::string, SummaryElements, std::less<>> summary_elements_;
  std::string base_url_;
};

}  // namespace gateway::records
