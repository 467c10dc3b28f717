// The records handlers' search support from the registry. Compartments: the search module
// gives the Patient references; a Patient also belongs to the compartment of each of its
// identifiers, and a logical reference by identifier to that identifier's compartment, so a
// caller attested for a fødselsnummer reaches both before the Patient is stored.
#include "records/registry_search_support.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "fhir/operation_outcome.hpp"
#include "search/index_extraction.hpp"
#include "search/query_parser.hpp"
#include "search/search_capability.hpp"

namespace gateway::records {
namespace {

// The Norwegian national person identifiers a trust-framework attestation names a patient
// by: fødselsnummer, D-nummer, H-nummer. Only these put a resource in an identifier's
// compartment; a hospital's own patient numbers do not.
bool is_national_person_identifier(std::string_view system) {
  return system == "urn:oid:2.16.578.1.12.4.1.4.1" || system == "urn:oid:2.16.578.1.12.4.1.4.2" ||
         system == "urn:oid:2.16.578.1.12.4.1.4.3";
}

void add_key(std::vector<std::string>& keys, std::string key) {
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

// Adds the JSON member names of `name` (a choice element under each of its types).
void add_member_names(std::set<std::string>& names, const std::string& name,
                      const fhirpath::ElementInfo& element) {
  std::vector<std::string> members;
  if (!element.choice) {
    members.push_back(name);
  } else {
    for (const fhirpath::TypeInfo* type : element.types) {
      std::string member = name + type->name;
      member[name.size()] =
          static_cast<char>(std::toupper(static_cast<unsigned char>(member[name.size()])));
      members.push_back(std::move(member));
    }
  }
  for (const std::string& member : members) {
    names.insert(member);
    names.insert("_" + member);  // a primitive's id and extensions
  }
}

SummaryElements summary_elements_of(const fhirpath::TypeModel& model, std::string_view type) {
  SummaryElements out;
  // Resource and DomainResource elements (id, meta, text, ...) come from the bases.
  for (const fhirpath::TypeInfo* info = model.resource_type(type); info != nullptr;
       info = info->base) {
    for (const auto& [name, element] : info->elements) {
      if (element.summary) add_member_names(out.summary, name, element);
      if (element.required) add_member_names(out.required, name, element);
    }
  }
  return out;
}

}  // namespace

RegistrySearchSupport::RegistrySearchSupport(std::shared_ptr<const search::SearchRegistry> registry,
                                             fhir::PagingLimits limits)
    : registry_(std::move(registry)), limits_(limits) {
  for (const std::string& type : registry_->stored_types()) {
    summary_elements_.emplace(type, summary_elements_of(registry_->model(), type));
  }
}

fhir::Result<storage::IndexValues> RegistrySearchSupport::index(std::string_view type,
                                                                const fhir::Json& resource) const {
  search::ExtractionSettings settings;
  settings.base_url = base_url_;
  auto values = search::extract_index(*registry_, resource, settings);
  if (!values) return values;
  if (type == "Patient") {
    for (const auto& token : values->tokens) {
      if (token.param == "identifier" && is_national_person_identifier(token.system) &&
          !token.code.empty()) {
        add_key(values->compartments,
                storage::compartment_identifier_key(token.system, token.code));
      }
    }
  }
  for (const auto& logical : search::logical_patient_references(*registry_, type, *values)) {
    if (!is_national_person_identifier(logical.system) || logical.value.empty()) continue;
    add_key(values->compartments,
            storage::compartment_identifier_key(logical.system, logical.value));
  }
  return values;
}

fhir::Result<ParsedSearch> RegistrySearchSupport::parse(std::string_view type,
                                                        const fhir::QueryParams& params,
                                                        bool lenient) const {
  search::SearchInput input;
  input.type = std::string(type);
  input.params = &params;
  input.lenient = lenient;
  input.base_url = base_url_;
  input.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  input.limits = limits_;
  auto parsed = search::parse_search(*registry_, input);
  if (!parsed) {
    const auto& issues = parsed.error().issues;
    fhir::Error error =
        fhir::make_error(fhir::ErrorKind::invalid_search_param,
                         issues.empty() ? "Invalid search" : issues.front().diagnostics,
                         issues.empty() ? "" : issues.front().expression);
    for (std::size_t i = 1; i < issues.size(); ++i) {
      error.more.push_back({issues[i].diagnostics, issues[i].expression});
    }
    return error;
  }
  ParsedSearch out;
  out.query = std::move(parsed->query);
  out.summary = parsed->shape.summary;
  out.elements = std::move(parsed->shape.elements);
  for (const auto& [name, value] : params) {
    if (name != "_page_token") out.canonical.emplace_back(name, value);
  }
  return out;
}

const SummaryElements& RegistrySearchSupport::summary_elements(std::string_view type) const {
  static const SummaryElements kNone;
  const auto found = summary_elements_.find(type);
  return found == summary_elements_.end() ? kNone : found->second;
}

void RegistrySearchSupport::describe(std::string_view, fhir::ResourceCapability& capability) const {
  search::describe_search(*registry_, capability);
}

}  // namespace gateway::records
