// Patient identifier -> stored Patients -> compartment keys, by the Patient identifier index.
#include "records/patient_lookup.hpp"

#include <optional>

#include "records/store_errors.hpp"

namespace gateway::records {

fhir::Result<std::vector<std::string>> patients_with_identifier(storage::ResourceStore& store,
                                                                std::string_view system,
                                                                std::string_view value,
                                                                std::size_t limit) {
  storage::SearchQuery query;
  query.type = "Patient";
  storage::Clause clause;
  clause.param = "identifier";
  clause.any_of.push_back(storage::TokenMatch{std::string(system), std::string(value), {}});
  query.clauses.push_back(std::move(clause));
  query.sort.push_back({"", storage::SortKey::Kind::id, false});
  query.count = limit;
  query.single_page = true;
  auto page = store.search(query);
  if (!page) return to_fhir_error(page.error(), "the attested patient");
  std::vector<std::string> ids;
  ids.reserve(page->matches.size());
  for (const auto& match : page->matches) ids.push_back(match.id);
  return ids;
}

fhir::Result<std::vector<std::string>> compartment_keys_of_patient(storage::ResourceStore& store,
                                                                   std::string_view system,
                                                                   std::string_view value) {
  auto ids = patients_with_identifier(store, system, value);
  if (!ids) return std::move(ids).take_error();
  std::vector<std::string> keys{storage::compartment_identifier_key(system, value)};
  for (const auto& id : *ids) keys.push_back(storage::compartment_key(id));
  return keys;
}

fhir::Result<std::vector<fhir::Json>> active_consents(storage::ResourceStore& store,
                                                      const std::vector<std::string>& keys,
                                                      std::size_t limit) {
  storage::SearchQuery query;
  query.type = "Consent";
  storage::Clause clause;
  clause.param = "status";
  clause.any_of.push_back(storage::TokenMatch{std::nullopt, std::string("active"), {}});
  query.clauses.push_back(std::move(clause));
  query.count = limit;
  query.single_page = true;
  query.compartments = keys;
  auto page = store.search(query);
  if (!page) return to_fhir_error(page.error(), "the patient's privacy registry");
  std::vector<fhir::Json> consents;
  consents.reserve(page->matches.size());
  for (const auto& match : page->matches) {
    auto consent = fhir::Json::parse(match.json, nullptr, false);
    if (!consent.is_discarded()) consents.push_back(std::move(consent));
  }
  return consents;
}

}  // namespace gateway::records
