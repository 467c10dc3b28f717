// Loads the type model from the StructureDefinitions' snapshots: types, bases, elements and
// their type codes, backbone elements as types of their own, choice elements, System types.
#include "fhirpath/type_model.hpp"

#include <algorithm>

#include <array>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace gateway::fhirpath {

bool TypeInfo::is_a(const TypeInfo& other) const {
  for (const TypeInfo* type = this; type != nullptr; type = type->base) {
    if (type == &other) return true;
  }
  return false;
}

const ElementInfo* TypeInfo::element(std::string_view element_name) const {
  for (const TypeInfo* type = this; type != nullptr; type = type->base) {
    if (auto found = type->elements.find(element_name); found != type->elements.end()) {
      return &found->second;
    }
  }
  return nullptr;
}

namespace {

constexpr std::string_view kSystemPrefix = "http://hl7.org/fhirpath/System.";
constexpr std::string_view kFhirTypeExtension =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
constexpr std::array<std::string_view, 8> kSystemTypes = {
    "String", "Boolean", "Integer", "Decimal", "Date", "DateTime", "Time", "Quantity"};

std::string last_segment(const std::string& url) { return url.substr(url.rfind('/') + 1); }

}  // namespace

std::string element_type_code(const nlohmann::json& type) {
  const std::string code = type.value("code", "");
  if (!code.starts_with(kSystemPrefix)) return code;
  if (const auto extensions = type.find("extension"); extensions != type.end()) {
    for (const auto& extension : *extensions) {
      if (extension.value("url", "") == kFhirTypeExtension) return extension.value("valueUrl", "");
    }
  }
  return "System." + code.substr(kSystemPrefix.size());
}

class TypeModelLoader {
 public:
  explicit TypeModelLoader(TypeModel& model) : model_(model) {
    for (std::string_view name : kSystemTypes) {
      TypeInfo& type = add("System." + std::string(name));
      type.name = name;
      type.qualified = "System." + std::string(name);
      type.kind = TypeKind::system;
    }
  }

  explicit TypeModelLoader(TypeModel& model, const std::vector<std::string>& wanted)
      : TypeModelLoader(model) {
    wanted_ = wanted;
  }

  Result<void, FhirPathError> read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    // Top-level members seen so far; the narrative, the differential, the mappings and the
    // snapshots that are not needed are dropped while parsing (they are most of the bytes).
    std::string key;
    std::string kind_seen;
    std::string type_seen;
    std::string derivation_seen;
    nlohmann::json::parser_callback_t keep = [&](int depth, nlohmann::json::parse_event_t event,
                                                 nlohmann::json& parsed) {
      if (depth != 1) return true;
      if (event == nlohmann::json::parse_event_t::key) {
        key = parsed.get<std::string>();
        if (key == "text" || key == "differential" || key == "mapping") return false;
        if (key == "snapshot") return wants_snapshot(kind_seen, type_seen, derivation_seen);
      } else if (event == nlohmann::json::parse_event_t::value && parsed.is_string()) {
        if (key == "kind") kind_seen = parsed.get<std::string>();
        if (key == "type") type_seen = parsed.get<std::string>();
        if (key == "derivation") derivation_seen = parsed.get<std::string>();
      }
      return true;
    };
    const nlohmann::json definition = nlohmann::json::parse(text.str(), keep, false);
    if (definition.is_discarded() || !definition.is_object()) {
      return FhirPathError{ErrorKind::model, "not JSON: " + file.string(), 0};
    }
    const std::string kind = definition.value("kind", "");
    if (kind != "primitive-type" && kind != "complex-type" && kind != "resource") return {};
    if (definition.value("derivation", "") == "constraint") return {};
    const std::string name = definition.value("type", "");
    if (name.empty() || definition.value("name", "") != name) return {};
    TypeInfo& type = add(name);
    type.name = name;
    type.qualified = "FHIR." + name;
    type.kind = kind == "resource"         ? TypeKind::resource
                : kind == "primitive-type" ? TypeKind::primitive
                                           : TypeKind::complex;
    if (definition.contains("baseDefinition")) {
      bases_.emplace_back(&type, last_segment(definition.value("baseDefinition", "")));
    }
    const auto snapshot = definition.find("snapshot");
    if (snapshot == definition.end() || !snapshot->contains("element")) {
      type.elements_loaded = false;
      return {};
    }
    for (const auto& element : (*snapshot)["element"]) read_element(type, element);
    return {};
  }

  void link() {
    for (auto& [type, base] : bases_) type->base = lookup(base);
    for (auto& [owner, name, codes, choice, summary, required] : pending_) {
      ElementInfo element;
      element.choice = choice;
      element.summary = summary;
      element.required = required;
      for (const std::string& code : codes) {
        if (const TypeInfo* target = lookup(code)) element.types.push_back(target);
      }
      owner->elements[name] = std::move(element);
    }
  }

 private:
  struct PendingElement {
    TypeInfo* owner;
    std::string name;
    std::vector<std::string> codes;
    bool choice;
    bool summary;
    bool required;
  };

  TypeInfo& add(const std::string& key) {
    auto& slot = model_.types_[key];
    if (!slot) slot = std::make_unique<TypeInfo>();
    return *slot;
  }

  const TypeInfo* lookup(const std::string& key) const {
    const auto found = model_.types_.find(key);
    return found == model_.types_.end() ? nullptr : found->second.get();
  }

  void read_element(TypeInfo& type, const nlohmann::json& element) {
    const std::string path = element.value("path", "");
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) return;
    const std::string owner_path = path.substr(0, dot);
    std::string name = path.substr(dot + 1);
    if (type.kind == TypeKind::primitive) {
      if (name == "value" && owner_path == type.name && element.contains("type")) {
        // The value's own code (System.Date), not the fhir-type extension (date).
        const std::string code = element["type"].front().value("code", "");
        if (code.starts_with(kSystemPrefix)) {
          type.system_type = lookup("System." + code.substr(kSystemPrefix.size()));
        }
      }
      return;
    }
    const bool choice = name.ends_with("[x]");
    if (choice) name.resize(name.size() - 3);
    TypeInfo* owner = owner_path == type.name ? &type : &add(owner_path);
    std::vector<std::string> codes;
    if (element.contains("contentReference")) {
      const std::string reference = element.value("contentReference", "");
      const std::size_t hash = reference.find('#');
      codes.push_back(hash == std::string::npos ? reference : reference.substr(hash + 1));
    } else if (element.contains("type")) {
      for (const auto& entry : element["type"]) {
        std::string code = element_type_code(entry);
        if (code == "BackboneElement" || code == "Element") {
          // An element with children of its own: a type named by its path.
          TypeInfo& backbone = add(path);
          backbone.name = code;
          backbone.qualified = path;
          backbone.kind = TypeKind::backbone;
          bases_.emplace_back(&backbone, code);
          code = path;
        }
        codes.push_back(std::move(code));
      }
    }
    const bool summary = element.value("isSummary", false);
    const bool required = element.value("min", 0) > 0;
    pending_.push_back(
        PendingElement{owner, std::move(name), std::move(codes), choice, summary, required});
  }

  bool wants_snapshot(const std::string& kind, const std::string& type,
                      const std::string& derivation) const {
    if (derivation == "constraint") return false;
    if (kind != "resource" || wanted_.empty()) return true;
    if (type == "Resource" || type == "DomainResource") return true;
    return std::find(wanted_.begin(), wanted_.end(), type) != wanted_.end();
  }

  TypeModel& model_;
  std::vector<std::string> wanted_;
  std::vector<PendingElement> pending_;
  std::vector<std::pair<TypeInfo*, std::string>> bases_;
};

Result<TypeModel, FhirPathError> TypeModel::load(
    const std::filesystem::path& directory,
    const std::vector<std::string>& resources_with_elements) {
  TypeModel model;
  TypeModelLoader loader(model, resources_with_elements);
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error) {
    return FhirPathError{ErrorKind::model, "cannot read " + directory.string(), 0};
  }
  std::size_t definitions = 0;
  for (const auto& entry : entries) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with("StructureDefinition-") || !file.ends_with(".json")) continue;
    if (auto read = loader.read(entry.path()); !read) return std::move(read).take_error();
    ++definitions;
  }
  if (definitions == 0) {
    return FhirPathError{ErrorKind::model, "no StructureDefinitions in " + directory.string(), 0};
  }
  loader.link();
  return model;
}

const TypeInfo* TypeModel::system(std::string_view name) const {
  const auto found = types_.find("System." + std::string(name));
  return found == types_.end() ? nullptr : found->second.get();
}

const TypeInfo* TypeModel::find(std::string_view name) const {
  if (name.starts_with("System.")) return system(name.substr(7));
  if (name.starts_with("FHIR.")) name.remove_prefix(5);
  if (const auto found = types_.find(std::string(name));
      found != types_.end() && found->second->kind != TypeKind::backbone &&
      found->second->kind != TypeKind::system) {
    return found->second.get();
  }
  return system(name);
}

const TypeInfo* TypeModel::resource_type(std::string_view name) const {
  const auto found = types_.find(std::string(name));
  if (found == types_.end() || found->second->kind != TypeKind::resource) return nullptr;
  return found->second.get();
}

const TypeInfo* TypeModel::backbone(std::string_view path) const {
  const auto found = types_.find(std::string(path));
  if (found == types_.end() || found->second->kind != TypeKind::backbone) return nullptr;
  return found->second.get();
}

}  // namespace gateway::fhirpath
