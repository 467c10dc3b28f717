// Reads StructureDefinition snapshots into element trees: elements nested by id, slices
// under the element they slice, types linked to their definitions, invariants parsed once.
#include "validation/structure_definitions.hpp"

#include <fstream>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fhirpath/expression.hpp"
#include "fhirpath/type_model.hpp"

namespace gateway::validation {
namespace {

using nlohmann::json;

// Element members the validator never reads: dropped while parsing (most of the bytes).
bool unused_element_member(const std::string& key) {
  return key == "definition" || key == "comment" || key == "requirements" || key == "mapping" ||
         key == "alias" || key == "example" || key == "short" || key == "isModifierReason" ||
         key == "meaningWhenMissing" || key == "orderMeaning" || key == "extension";
}

// Best-practice constraints (dom-6: "a resource should have narrative") are advice to
// authors, not rules: the gateway does not report them on every write.
bool best_practice(const json& constraint) {
  const auto extensions = constraint.find("extension");
  if (extensions == constraint.end() || !extensions->is_array()) return false;
  for (const auto& extension : *extensions) {
    if (extension.value("url", "") ==
            "http://hl7.org/fhir/StructureDefinition/elementdefinition-bestpractice" &&
        extension.value("valueBoolean", false)) {
      return true;
    }
  }
  return false;
}

std::string without_version(std::string url) {
  if (const std::size_t bar = url.find('|'); bar != std::string::npos) url.resize(bar);
  return url;
}

int parse_max(const json& element) {
  const std::string max = element.value("max", "*");
  if (max == "*") return kUnbounded;
  try {
    return std::stoi(max);
  } catch (const std::exception&) {
    return kUnbounded;
  }
}

std::optional<Slicing> parse_slicing(const json& element) {
  const auto slicing = element.find("slicing");
  if (slicing == element.end() || !slicing->is_object()) return std::nullopt;
  Slicing out;
  out.ordered = slicing->value("ordered", false);
  out.closed = slicing->value("rules", "open") == "closed";
  if (const auto list = slicing->find("discriminator"); list != slicing->end()) {
    for (const auto& entry : *list) {
      Discriminator d;
      const std::string kind = entry.value("type", "value");
      d.kind = kind == "pattern"   ? Discriminator::Kind::pattern
               : kind == "exists"  ? Discriminator::Kind::exists
               : kind == "type"    ? Discriminator::Kind::type
               : kind == "profile" ? Discriminator::Kind::profile
                                   : Discriminator::Kind::value;
      d.path = entry.value("path", "$this");
      out.discriminators.push_back(std::move(d));
    }
  }
  return out;
}

std::optional<Binding> parse_binding(const json& element) {
  const auto binding = element.find("binding");
  if (binding == element.end() || !binding->contains("valueSet")) return std::nullopt;
  Binding out;
  const std::string strength = binding->value("strength", "example");
  out.strength = strength == "required"     ? BindingStrength::required
                 : strength == "extensible" ? BindingStrength::extensible
                 : strength == "preferred"  ? BindingStrength::preferred
                                            : BindingStrength::example;
  out.value_set = without_version(binding->value("valueSet", ""));
  return out;
}

}  // namespace

class DefinitionLoader {
 public:
  // `notes`: where constraints the engine cannot parse and skipped core profiles are noted
  // (the start-up load); null for a definition read later.
  DefinitionLoader(const StructureDefinitions& set, StructureDefinitions* notes)
      : set_(set), notes_(notes) {}

  // The definition in `file`; null when the file holds nothing to check against.
  Result<std::unique_ptr<StructureDefinition>, std::string> read(const std::filesystem::path& file,
                                                                 bool core) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "cannot read " + file.string();
    std::stringstream text;
    text << in.rdbuf();
    std::string top_key;
    json::parser_callback_t keep = [&](int depth, json::parse_event_t event, json& parsed) {
      if (event != json::parse_event_t::key) return true;
      if (depth == 1) {
        top_key = parsed.get<std::string>();
        return top_key != "text" && top_key != "differential" && top_key != "mapping" &&
               top_key != "extension";
      }
      // root > snapshot > element[] > element: the element's own members are at depth 4
      return !(depth == 4 && top_key == "snapshot" && unused_element_member(parsed));
    };
    json definition = json::parse(text.str(), keep, false);
    if (definition.is_discarded() || !definition.is_object()) return "not JSON: " + file.string();
    if (definition.value("resourceType", "") != "StructureDefinition")
      return std::unique_ptr<StructureDefinition>{};
    const std::string kind = definition.value("kind", "");
    if (kind == "logical") return std::unique_ptr<StructureDefinition>{};
    const auto snapshot = definition.find("snapshot");
    if (snapshot == definition.end() || !(*snapshot).contains("element"))
      return std::unique_ptr<StructureDefinition>{};
    auto sd = std::make_unique<StructureDefinition>();
    sd->url = without_version(definition.value("url", ""));
    sd->type = definition.value("type", "");
    sd->name = definition.value("name", "");
    sd->kind = kind == "primitive-type" ? StructureKind::primitive_type
               : kind == "resource"     ? StructureKind::resource
                                        : StructureKind::complex_type;
    sd->abstract = definition.value("abstract", false);
    sd->profile = definition.value("derivation", "") == "constraint";
    if (sd->url.empty() || sd->type.empty()) return "no url or type in " + file.string();
    if (auto built = build_tree(*sd, (*snapshot)["element"], file); !built) {
      if (!core || !sd->profile) return std::move(built).take_error();
      if (notes_ != nullptr) notes_->skipped_.push_back(built.error());
      return std::unique_ptr<StructureDefinition>{};
    }
    return sd;
  }

  // Types, content references and reference targets resolved against the set.
  Result<void, std::string> link(StructureDefinition& sd) {
    std::unordered_map<std::string, const ElementDefinition*> by_path;
    index_paths(sd.root, by_path);
    return link_element(sd.root, by_path, sd);
  }

 private:
  std::shared_ptr<const fhirpath::Expression> parsed(const std::string& text, std::string& error) {
    if (const auto found = expressions_.find(text); found != expressions_.end()) {
      return found->second;
    }
    auto expression = fhirpath::parse(text);
    if (!expression) {
      error = expression.error().message;
      return nullptr;
    }
    auto shared = std::make_shared<const fhirpath::Expression>(std::move(expression).value());
    expressions_.emplace(text, shared);
    return shared;
  }

  void read_constraints(ElementDefinition& element, const json& source) {
    const auto list = source.find("constraint");
    if (list == source.end()) return;
    for (const auto& entry : *list) {
      Constraint c;
      c.key = entry.value("key", "");
      c.error = entry.value("severity", "error") == "error";
      c.human = entry.value("human", "");
      c.text = entry.value("expression", "");
      if (c.text.empty() || best_practice(entry)) continue;
      if (c.key == "ele-1") {
        c.check = ConstraintCheck::has_content;
      } else if (c.key == "dom-3") {
        c.check = ConstraintCheck::contained_referenced;
      } else if (c.text == "htmlChecks()") {
        c.check = ConstraintCheck::html;
      } else {
        std::string error;
        c.expression = parsed(c.text, error);
        if (c.expression == nullptr) {
          if (notes_ != nullptr) {
            notes_->unsupported_.push_back(c.key + " (" + element.path + "): " + error);
          }
          continue;
        }
      }
      element.constraints.push_back(std::move(c));
    }
  }

  std::unique_ptr<ElementDefinition> read_element(const json& source) {
    auto element = std::make_unique<ElementDefinition>();
    element->path = source.value("path", "");
    std::string name = element->path.substr(element->path.rfind('.') + 1);
    if (name.ends_with("[x]")) {
      element->choice = true;
      name.resize(name.size() - 3);
    }
    element->name = std::move(name);
    element->slice_name = source.value("sliceName", "");
    element->min = source.value("min", 0);
    element->max = parse_max(source);
    if (const auto types = source.find("type"); types != source.end()) {
      for (const auto& entry : *types) {
        TypeRef type;
        type.code = fhirpath::element_type_code(entry);
        if (const auto targets = entry.find("targetProfile"); targets != entry.end()) {
          for (const auto& target : *targets) {
            type.target_profiles.push_back(without_version(target.get<std::string>()));
          }
        }
        if (const auto profiles = entry.find("profile"); profiles != entry.end()) {
          for (const auto& profile : *profiles) {
            type.profiles.push_back(without_version(profile.get<std::string>()));
          }
        }
        element->types.push_back(std::move(type));
      }
    }
    for (const auto& [key, value] : source.items()) {
      if (key.starts_with("fixed")) element->fixed = value;
      if (key.starts_with("pattern")) element->pattern = value;
    }
    element->binding = parse_binding(source);
    element->slicing = parse_slicing(source);
    if (const auto reference = source.find("contentReference"); reference != source.end()) {
      const std::string text = reference->get<std::string>();
      element->content_reference = text.substr(text.find('#') + 1);
    }
    read_constraints(*element, source);
    return element;
  }

  Result<void, std::string> build_tree(StructureDefinition& sd, const json& elements,
                                       const std::filesystem::path& file) {
    std::unordered_map<std::string, ElementDefinition*> by_id;
    bool first = true;
    for (const auto& source : elements) {
      std::string id = source.value("id", source.value("path", ""));
      if (first) {
        first = false;
        ElementDefinition& root = sd.root;
        auto element = read_element(source);
        root = std::move(*element);
        by_id[id] = &root;
        continue;
      }
      const std::size_t dot = id.rfind('.');
      if (dot == std::string::npos) return "element outside the root in " + file.string();
      std::string parent_id = id.substr(0, dot);
      const std::string last = id.substr(dot + 1);
      auto element = read_element(source);
      ElementDefinition* raw = element.get();
      const std::size_t colon = last.find(':');
      if (colon != std::string::npos) {
        // a slice: "identifier:fnr" slices "identifier" (a re-slice "a:b/c" slices "a:b")
        std::string sliced_last = last.substr(0, colon);
        const std::size_t slash = last.find('/');
        if (slash != std::string::npos) sliced_last = last.substr(0, slash);
        const auto sliced = by_id.find(parent_id + "." + sliced_last);
        if (sliced == by_id.end())
          return "slice " + id + " has no sliced element in " + file.string();
        sliced->second->slices.push_back(std::move(element));
      } else {
        const auto parent = by_id.find(parent_id);
        if (parent == by_id.end()) return "element " + id + " has no parent in " + file.string();
        parent->second->children.push_back(std::move(element));
      }
      by_id[id] = raw;
    }
    return {};
  }

  void index_paths(const ElementDefinition& element,
                   std::unordered_map<std::string, const ElementDefinition*>& by_path) {
    by_path.emplace(element.path, &element);
    for (const auto& child : element.children) index_paths(*child, by_path);
  }

  Result<void, std::string> link_element(
      ElementDefinition& element,
      const std::unordered_map<std::string, const ElementDefinition*>& by_path,
      const StructureDefinition& owner) {
    if (!element.content_reference.empty()) {
      const auto found = by_path.find(element.content_reference);
      if (found == by_path.end()) {
        return "contentReference #" + element.content_reference + " not found in " + owner.url;
      }
      element.referenced = found->second;
    }
    for (TypeRef& type : element.types) {
      // a resource type read on first use stays unlinked here (see Walker::complex)
      if (!set_.is_deferred(type.code)) type.definition = set_.core(type.code);
      for (const std::string& target : type.target_profiles) {
        if (target.starts_with(kCoreStructurePrefix)) {
          type.target_types.push_back(target.substr(kCoreStructurePrefix.size()));
        } else if (const StructureDefinition* profile = set_.find(target)) {
          type.target_types.push_back(profile->type);
        }
      }
    }
    for (auto& child : element.children) {
      if (auto linked = link_element(*child, by_path, owner); !linked) return linked;
    }
    for (auto& slice : element.slices) {
      if (auto linked = link_element(*slice, by_path, owner); !linked) return linked;
    }
    return {};
  }

  const StructureDefinitions& set_;
  StructureDefinitions* notes_;
  std::unordered_map<std::string, std::shared_ptr<const fhirpath::Expression>> expressions_;
};

Result<StructureDefinitions, std::string> StructureDefinitions::load(
    const std::filesystem::path& core_package_dir,
    const std::vector<std::filesystem::path>& profile_dirs,
    const std::vector<std::string>& deferred_resources) {
  StructureDefinitions set;
  for (const std::string& type : deferred_resources) {
    auto entry = std::make_unique<Deferred>();
    entry->file = core_package_dir / ("StructureDefinition-" + type + ".json");
    set.deferred_[std::string(kCoreStructurePrefix) + type] = std::move(entry);
  }
  DefinitionLoader loader(set, &set);
  std::vector<std::filesystem::path> directories{core_package_dir};
  directories.insert(directories.end(), profile_dirs.begin(), profile_dirs.end());
  for (const auto& directory : directories) {
    const bool core = directory == core_package_dir;
    std::error_code error;
    std::filesystem::directory_iterator entries(directory, error);
    if (error) return "cannot read " + directory.string();
    for (const auto& entry : entries) {
      const std::string file = entry.path().filename().string();
      if (!file.starts_with("StructureDefinition-") || !file.ends_with(".json")) continue;
      if (core) {
        const std::string type = file.substr(20, file.size() - 25);
        if (set.is_deferred(type)) continue;
      }
      auto read = loader.read(entry.path(), core);
      if (!read) return std::move(read).take_error();
      if (*read != nullptr) {
        const std::string url = (*read)->url;
        set.by_url_[url] = std::move(*read);
      }
    }
  }
  if (set.by_url_.empty()) return std::string("no StructureDefinitions found");
  for (auto& [url, sd] : set.by_url_) {
    if (auto linked = loader.link(*sd); !linked) return std::move(linked).take_error();
  }
  return set;
}

const StructureDefinition* StructureDefinitions::find(std::string_view url) const {
  url = url.substr(0, url.find('|'));  // a canonical's version is not looked at
  if (const auto found = by_url_.find(url); found != by_url_.end()) return found->second.get();
  const auto deferred = deferred_.find(url);
  if (deferred == deferred_.end()) return nullptr;
  Deferred& entry = *deferred->second;
  std::call_once(entry.once, [&] {
    DefinitionLoader loader(*this, nullptr);
    auto read = loader.read(entry.file, true);
    if (!read || *read == nullptr || !loader.link(**read)) return;  // stays unknown
    entry.definition = std::move(*read);
  });
  return entry.definition.get();
}

bool StructureDefinitions::is_deferred(std::string_view type) const {
  std::string url(kCoreStructurePrefix);
  url += type;
  return deferred_.find(url) != deferred_.end();
}

const StructureDefinition* StructureDefinitions::core(std::string_view type) const {
  std::string url(kCoreStructurePrefix);
  url += type;
  return find(url);
}

}  // namespace gateway::validation
