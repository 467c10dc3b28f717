// Running the compiled expressions over a resource and collecting rows and compartments.
#include "search/index_extraction.hpp"

#include <algorithm>
#include <tuple>

#include "fhirpath/evaluate.hpp"
#include "search/datatype_rows.hpp"
#include "storage/search_query.hpp"

namespace gateway::search {
namespace {

std::size_t row_count(const storage::IndexValues& values) {
  return values.tokens.size() + values.strings.size() + values.dates.size() +
         values.references.size() + values.uris.size() + values.numbers.size();
}

bool in_compartment_params(const SearchRegistry& registry, std::string_view type,
                           const std::string& param) {
  const auto& params = registry.patient_compartment_params(type);
  return std::find(params.begin(), params.end(), param) != params.end();
}

void add_compartments(const SearchRegistry& registry, std::string_view type, const std::string& id,
                      storage::IndexValues& values) {
  if (type == "Patient") values.compartments.push_back(storage::compartment_key(id));
  for (const auto& reference : values.references) {
    if (reference.target_type == "Patient" &&
        in_compartment_params(registry, type, reference.param)) {
      values.compartments.push_back(storage::compartment_key(reference.target_id));
    }
  }
  std::sort(values.compartments.begin(), values.compartments.end());
  values.compartments.erase(std::unique(values.compartments.begin(), values.compartments.end()),
                            values.compartments.end());
}

// The same value reached by two paths (AuditEvent's purpose: purposeOfEvent and the agent's
// purposeOfUse) is one row: a search matches it either way, and each row costs the writer.
void remove_repeated_rows(storage::IndexValues& values) {
  auto token_key = [](const storage::TokenIndex& t) {
    return std::tie(t.param, t.system, t.code, t.of_type);
  };
  std::sort(values.tokens.begin(), values.tokens.end(),
            [&](const auto& a, const auto& b) { return token_key(a) < token_key(b); });
  values.tokens.erase(
      std::unique(values.tokens.begin(), values.tokens.end(),
                  [&](const auto& a, const auto& b) { return token_key(a) == token_key(b); }),
      values.tokens.end());
  auto reference_key = [](const storage::ReferenceIndex& r) {
    return std::tie(r.param, r.target_type, r.target_id, r.url, r.identifier_system,
                    r.identifier_value);
  };
  std::sort(values.references.begin(), values.references.end(),
            [&](const auto& a, const auto& b) { return reference_key(a) < reference_key(b); });
  values.references.erase(std::unique(values.references.begin(), values.references.end(),
                                      [&](const auto& a, const auto& b) {
                                        return reference_key(a) == reference_key(b);
                                      }),
                          values.references.end());
}

}  // namespace

fhir::Result<storage::IndexValues> extract_index(const SearchRegistry& registry,
                                                 const fhir::Json& resource,
                                                 const ExtractionSettings& settings) {
  const std::string type = resource.is_object() ? resource.value("resourceType", "") : "";
  if (!registry.is_stored(type)) {
    return fhir::make_error(fhir::ErrorKind::invalid_request,
                            "resources of type " + type + " are not stored here", "resourceType");
  }
  const std::string id = resource.value("id", "");
  if (id.empty()) {
    return fhir::make_error(fhir::ErrorKind::invalid_request, "the resource has no id", "id");
  }
  std::string_view base = settings.base_url;
  while (base.ends_with('/')) base.remove_suffix(1);

  // The engine reads nlohmann::json; the gateway's resources keep member order.
  const nlohmann::json plain = resource;
  storage::IndexValues values;
  for (const SearchParameter& param : registry.parameters(type)) {
    if (param.code == "_id" || param.code == "_lastUpdated") continue;
    auto items = fhirpath::evaluate(*param.compiled, plain, registry.model());
    if (!items) {
      return fhir::make_error(fhir::ErrorKind::unprocessable,
                              "search parameter " + param.code +
                                  " cannot be evaluated on this resource: " + items.error().message,
                              param.code);
    }
    for (const fhirpath::Item& item : *items) {
      add_rows(param, item.type_name(), item.json(), base, values);
      if (row_count(values) > settings.max_rows) {
        return fhir::make_error(fhir::ErrorKind::unprocessable,
                                "the resource has more than " + std::to_string(settings.max_rows) +
                                    " search index values",
                                param.code);
      }
    }
  }
  remove_repeated_rows(values);
  add_compartments(registry, type, id, values);
  return values;
}

std::vector<LogicalPatientReference> logical_patient_references(
    const SearchRegistry& registry, std::string_view type, const storage::IndexValues& values) {
  std::vector<LogicalPatientReference> out;
  for (const auto& reference : values.references) {
    if (reference.target_id.empty() && reference.url.empty() &&
        !reference.identifier_value.empty() &&
        in_compartment_params(registry, type, reference.param)) {
      out.push_back({reference.param, reference.identifier_system, reference.identifier_value});
    }
  }
  return out;
}

}  // namespace gateway::search
