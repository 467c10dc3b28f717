// Loading SearchParameter and CompartmentDefinition files into the registry.
#include "search/registry.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "fhir/json.hpp"
#include "search/expression_scope.hpp"

namespace gateway::search {
namespace {

fhir::Error load_error(const std::string& where, std::string what) {
  return fhir::make_error(fhir::ErrorKind::internal, "search definitions could not be loaded", {},
                          where + ": " + std::move(what));
}

fhir::Error load_error(const std::filesystem::path& file, std::string what) {
  return load_error(file.string(), std::move(what));
}

fhir::Result<fhir::Json> read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return load_error(file, "cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  fhir::Json json = fhir::Json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) return load_error(file, "not a JSON object");
  return json;
}

std::vector<std::string> strings_of(const fhir::Json& json, const char* key) {
  std::vector<std::string> out;
  auto it = json.find(key);
  if (it == json.end() || !it->is_array()) return out;
  for (const auto& item : *it) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string string_of(const fhir::Json& json, const char* key) {
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::filesystem::path> search_parameter_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("SearchParameter-") && name.ends_with(".json")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool supported(ParamType type) {
  return type != ParamType::composite && type != ParamType::special;
}

}  // namespace

std::vector<std::string> default_stored_types() {
  return {"Patient",
          "DocumentReference",
          "List",
          "Binary",
          "AllergyIntolerance",
          "Condition",
          "Procedure",
          "Flag",
          "DeviceUseStatement",
          "Device",
          "AuditEvent",
          "Consent"};
}

SearchedParameters default_searched_parameters() {
  return {{"AuditEvent",
           {"_id", "_lastUpdated", "action", "agent", "date", "entity", "entity-identifier",
            "outcome", "patient", "purpose", "subtype"}}};
}

fhir::Result<SearchRegistry> SearchRegistry::load(const DefinitionSources& sources,
                                                  const std::vector<std::string>& stored_types,
                                                  const SearchedParameters& searched) {
  SearchRegistry registry;
  registry.stored_types_ = stored_types;
  for (const auto& type : stored_types) registry.types_[type];

  std::vector<std::filesystem::path> dirs{sources.core_package_dir};
  dirs.insert(dirs.end(), sources.profile_dirs.begin(), sources.profile_dirs.end());
  for (const auto& dir : dirs) {
    if (!std::filesystem::is_directory(dir)) return load_error(dir, "not a directory");
    for (const auto& file : search_parameter_files(dir)) {
      auto json = read_json(file);
      if (!json) return std::move(json).take_error();
      if (string_of(*json, "resourceType") != "SearchParameter") {
        return load_error(file, "not a SearchParameter");
      }
      if (json->value("experimental", false) || string_of(*json, "status") == "retired") continue;
      auto type = param_type_from_code(string_of(*json, "type"));
      const std::string code = string_of(*json, "code");
      if (!type || code.empty()) return load_error(file, "no code or an unknown type");
      const std::string expression = string_of(*json, "expression");
      for (const auto& base : strings_of(*json, "base")) {
        const bool any_type = base == "Resource" || base == "DomainResource";
        for (auto& [stored, entry] : registry.types_) {
          if (!any_type && base != stored) continue;
          SearchParameter param{code,
                                *type,
                                string_of(*json, "url"),
                                string_of(*json, "description"),
                                scope_expression(expression, stored),
                                strings_of(*json, "target"),
                                strings_of(*json, "modifier"),
                                strings_of(*json, "comparator")};
          auto& params = entry.parameters;
          std::erase_if(params, [&](const SearchParameter& p) { return p.code == code; });
          if (supported(*type) && !param.expression.empty()) {
            entry.unsupported.erase(code);
            params.push_back(std::move(param));
          } else {
            entry.unsupported.insert(code);
          }
        }
      }
    }
  }
  for (const auto& searched_type : searched) {
    const auto& type = searched_type.first;
    const auto& codes = searched_type.second;  // named, not bound: lambdas capture it
    auto it = registry.types_.find(type);
    if (it == registry.types_.end()) continue;
    auto& params = it->second.parameters;
    for (const auto& code : codes) {
      if (std::none_of(params.begin(), params.end(),
                       [&](const SearchParameter& p) { return p.code == code; })) {
        return load_error(type, "the searched parameter " + code + " is not defined");
      }
    }
    for (const auto& param : params) {
      if (!codes.contains(param.code)) it->second.unsupported.insert(param.code);
    }
    std::erase_if(params, [&](const SearchParameter& p) { return !codes.contains(p.code); });
  }
  for (auto& [type, entry] : registry.types_) {
    for (auto& param : entry.parameters) {
      auto compiled = fhirpath::parse(param.expression);
      if (!compiled) {
        return load_error(param.url, type + "." + param.code + ": " + compiled.error().message);
      }
      param.compiled = std::make_shared<const fhirpath::Expression>(std::move(*compiled));
    }
    std::sort(entry.parameters.begin(), entry.parameters.end(),
              [](const SearchParameter& a, const SearchParameter& b) { return a.code < b.code; });
  }

  auto model = fhirpath::TypeModel::load(sources.core_package_dir, stored_types);
  if (!model) return load_error(sources.core_package_dir, model.error().message);
  registry.model_ = std::make_shared<const fhirpath::TypeModel>(std::move(*model));

  const auto compartment_file = sources.core_package_dir / "CompartmentDefinition-patient.json";
  auto compartment = read_json(compartment_file);
  if (!compartment) return std::move(compartment).take_error();
  auto resources = compartment->find("resource");
  if (resources == compartment->end() || !resources->is_array()) {
    return load_error(compartment_file, "no resource list");
  }
  for (const auto& resource : *resources) {
    auto it = registry.types_.find(string_of(resource, "code"));
    if (it == registry.types_.end()) continue;
    for (auto& code : strings_of(resource, "param")) {
      if (registry.find(it->first, code) == nullptr) {
        return load_error(compartment_file, "compartment param " + code + " of " + it->first +
                                                " has no search parameter");
      }
      it->second.compartment_params.push_back(std::move(code));
    }
  }
  return registry;
}

const SearchRegistry::TypeEntry* SearchRegistry::entry(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

bool SearchRegistry::is_stored(std::string_view type) const { return entry(type) != nullptr; }

const std::vector<SearchParameter>& SearchRegistry::parameters(std::string_view type) const {
  static const std::vector<SearchParameter> kNone;
  const TypeEntry* e = entry(type);
  return e ? e->parameters : kNone;
}

const SearchParameter* SearchRegistry::find(std::string_view type, std::string_view code) const {
  const TypeEntry* e = entry(type);
  if (!e) return nullptr;
  auto it =
      std::lower_bound(e->parameters.begin(), e->parameters.end(), code,
                       [](const SearchParameter& p, std::string_view c) { return p.code < c; });
  return it != e->parameters.end() && it->code == code ? &*it : nullptr;
}

bool SearchRegistry::is_unsupported(std::string_view type, std::string_view code) const {
  const TypeEntry* e = entry(type);
  return e && e->unsupported.count(code) > 0;
}

const std::vector<std::string>& SearchRegistry::patient_compartment_params(
    std::string_view type) const {
  static const std::vector<std::string> kNone;
  const TypeEntry* e = entry(type);
  return e ? e->compartment_params : kNone;
}

}  // namespace gateway::search
