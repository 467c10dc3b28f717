// ValueSet.compose evaluation: each include is the intersection of its parts (the system's
// codes, enumerated or filtered, and the union of its valueSet references, which is how R4B
// defines include.valueSet), includes are united, excludes removed. A part that cannot be
// evaluated here leaves the set open: what is known stays a member, nothing is a non-member.
#include "validation/value_set_expansion.hpp"

#include <map>
#include <set>
#include <vector>

#include "validation/json_members.hpp"

namespace gateway::validation {

namespace {

using Json = nlohmann::json;

const Json* array_member(const Json& object, const char* name) {
  const auto found = object.find(name);
  return found != object.end() && found->is_array() ? &*found : nullptr;
}

// Codes by system while expanding; codes of a case-insensitive system are folded (key()).
struct Partial {
  std::map<std::string, std::set<std::string>> codes;
  bool open = false;
};

Partial intersect(const Partial& left, const Partial& right) {
  Partial both;
  both.open = left.open || right.open;
  for (const auto& [system, codes] : left.codes) {
    const auto other = right.codes.find(system);
    if (other == right.codes.end()) continue;
    std::set<std::string>& shared = both.codes[system];
    for (const std::string& code : codes) {
      if (other->second.contains(code)) shared.insert(code);
    }
  }
  return both;
}

void unite(Partial& into, const Partial& more) {
  into.open = into.open || more.open;
  for (const auto& [system, codes] : more.codes)
    into.codes[system].insert(codes.begin(), codes.end());
}

class Expander {
 public:
  Expander(const CodeSystemMap& systems, const ValueSetMap& value_sets)
      : systems_(systems), value_sets_(value_sets) {}

  const Partial& expand(const std::string& url) {
    if (const auto done = done_.find(url); done != done_.end()) return done->second;
    static const Partial kOpen{{}, true};
    const auto definition = value_sets_.find(url);
    if (definition == value_sets_.end() || in_progress_.contains(url)) return kOpen;  // cycle
    in_progress_.insert(url);
    Partial expanded = from_compose(definition->second.compose);
    if (expanded.open) {
      if (auto stored = from_expansion(definition->second.expansion)) expanded = std::move(*stored);
    }
    in_progress_.erase(url);
    return done_.emplace(url, std::move(expanded)).first->second;
  }

 private:
  std::string key(const std::string& system, std::string_view code) const {
    const auto found = systems_.find(system);
    return found == systems_.end() ? std::string(code) : found->second.key(code);
  }

  Partial from_compose(const Json& compose) {
    if (!compose.is_object()) return Partial{{}, true};
    Partial result;
    if (const Json* includes = array_member(compose, "include")) {
      for (const Json& include : *includes) unite(result, selection(include));
    } else {
      result.open = true;
    }
    if (const Json* excludes = array_member(compose, "exclude")) {
      for (const Json& exclude : *excludes) {
        const Partial removed = selection(exclude);
        if (removed.open) return Partial{{}, true};  // what is excluded is not known
        for (const auto& [system, codes] : removed.codes) {
          const auto from = result.codes.find(system);
          if (from == result.codes.end()) continue;
          for (const std::string& code : codes) from->second.erase(code);
        }
      }
    }
    return result;
  }

  // One include or exclude: all its conditions hold.
  Partial selection(const Json& part) {
    if (!part.is_object()) return Partial{{}, true};
    const std::string system{string_member(part, "system")};
    const Json* references = array_member(part, "valueSet");
    std::optional<Partial> selected;
    if (!system.empty()) selected = from_system(system, part);
    if (references) {
      Partial referenced;
      for (const Json& reference : *references) {
        if (!reference.is_string()) continue;
        unite(referenced, expand(std::string(without_version(reference.get<std::string>()))));
      }
      selected = selected ? intersect(*selected, referenced) : std::move(referenced);
    }
    return selected ? std::move(*selected) : Partial{{}, true};
  }

  Partial from_system(const std::string& system, const Json& part) {
    Partial result;
    std::set<std::string>& codes = result.codes[system];
    if (const Json* concepts = array_member(part, "concept")) {
      for (const Json& entry : *concepts) {
        if (!entry.is_object()) continue;
        if (std::string code{string_member(entry, "code")}; !code.empty()) {
          codes.insert(key(system, code));
        }
      }
      return result;
    }
    const auto found = systems_.find(system);
    if (found == systems_.end() || !found->second.complete()) return Partial{{}, true};
    const CodeSystemDefinition& definition = found->second;
    const Json* filters = array_member(part, "filter");
    if (!filters || filters->empty()) {
      for (std::string& code : definition.all_codes()) codes.insert(std::move(code));
      return result;
    }
    bool first = true;
    for (const Json& filter : *filters) {
      auto chosen = definition.select(filter);
      if (!chosen) return Partial{{}, true};
      std::set<std::string> these(std::make_move_iterator(chosen->begin()),
                                  std::make_move_iterator(chosen->end()));
      if (first) {
        codes = std::move(these);
        first = false;
      } else {
        std::erase_if(codes, [&](const std::string& code) { return !these.contains(code); });
      }
    }
    return result;
  }

  // A stored expansion, if it lists everything (no paging).
  std::optional<Partial> from_expansion(const Json& expansion) {
    if (!expansion.is_object()) return std::nullopt;
    const Json* contains = array_member(expansion, "contains");
    if (!contains) return std::nullopt;
    if (const auto offset = expansion.find("offset");
        offset != expansion.end() && offset->is_number_integer() && offset->get<long long>() > 0) {
      return std::nullopt;
    }
    Partial result;
    std::size_t listed = 0;
    add_contains(*contains, result, listed);
    if (const auto total = expansion.find("total");
        total != expansion.end() && total->is_number_integer() &&
        total->get<long long>() > static_cast<long long>(listed)) {
      return std::nullopt;
    }
    return result;
  }

  void add_contains(const Json& contains, Partial& into, std::size_t& listed) {
    for (const Json& entry : contains) {
      if (!entry.is_object()) continue;
      const std::string system{string_member(entry, "system")};
      const std::string code{string_member(entry, "code")};
      if (!system.empty() && !code.empty()) {
        ++listed;
        const auto abstract = entry.find("abstract");
        if (abstract == entry.end() || !abstract->is_boolean() || !abstract->get<bool>()) {
          into.codes[system].insert(key(system, code));
        }
      }
      if (const Json* nested = array_member(entry, "contains")) add_contains(*nested, into, listed);
    }
  }

  const CodeSystemMap& systems_;
  const ValueSetMap& value_sets_;
  std::unordered_map<std::string, Partial> done_;
  std::set<std::string> in_progress_;
};

}  // namespace

std::string_view without_version(std::string_view canonical) {
  return canonical.substr(0, canonical.find('|'));
}

std::unordered_map<std::string, CodeSet> expand_all(const CodeSystemMap& systems,
                                                    const ValueSetMap& value_sets) {
  Expander expander(systems, value_sets);
  std::unordered_map<std::string, CodeSet> expanded;
  expanded.reserve(value_sets.size());
  for (const auto& [url, definition] : value_sets) {
    const Partial& partial = expander.expand(url);
    CodeSet set;
    set.open = partial.open;
    for (const auto& [system, codes] : partial.codes) {
      if (codes.empty()) continue;
      SystemCodes& these = set.systems.emplace_back();
      these.system = system;
      if (const auto found = systems.find(system); found != systems.end()) {
        these.rule = found->second.rule();
      }
      these.codes.reserve(codes.size());
      these.codes.insert(codes.begin(), codes.end());
    }
    expanded.emplace(url, std::move(set));
  }
  return expanded;
}

}  // namespace gateway::validation
