// Slicing: each occurrence of a sliced element goes to the first slice its discriminators
// match and is checked against that slice; slice cardinalities and closed rules are checked.
#include "validation/value_match.hpp"
#include "validation/walker.hpp"

namespace gateway::validation {
namespace {

using nlohmann::json;

std::string slice_cardinality(const ElementDefinition& slice) {
  return std::to_string(slice.min) + ".." +
         (slice.max == kUnbounded ? std::string("*") : std::to_string(slice.max));
}

}  // namespace

const ElementDefinition* Walker::descend(const ElementDefinition& from,
                                         std::string_view path) const {
  const ElementDefinition* at = &from;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    std::string_view segment = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (segment == "$this") continue;
    if (segment.find('(') != std::string_view::npos) return nullptr;  // extension('..'), resolve()
    if (segment.ends_with("[x]")) segment.remove_suffix(3);
    const ElementDefinition& effective = at->effective();
    const std::vector<std::unique_ptr<ElementDefinition>>* children = &effective.children;
    if (children->empty() && !effective.types.empty()) {
      const TypeRef& type = effective.types.front();
      const StructureDefinition* profile =
          type.profiles.empty() ? nullptr : definitions_.find(type.profiles.front());
      const StructureDefinition* definition = profile != nullptr ? profile : type.definition;
      if (definition == nullptr) return nullptr;
      children = &definition->root.children;
    }
    const ElementDefinition* next = nullptr;
    for (const auto& child : *children) {
      if (child->name == segment) next = child.get();
    }
    if (next == nullptr) return nullptr;
    at = next;
  }
  return at;
}

bool Walker::in_slice(const json& value, const TypeRef* type, const ElementDefinition& slice,
                      const Slicing& slicing) const {
  for (const Discriminator& d : slicing.discriminators) {
    const ElementDefinition* target = descend(slice, d.path);
    const std::vector<const json*> values = values_at(value, d.path);
    switch (d.kind) {
      case Discriminator::Kind::value:
      case Discriminator::Kind::pattern: {
        if (target == nullptr) return false;
        const std::optional<json>& expected = target->fixed ? target->fixed : target->pattern;
        if (!expected) {
          if (target->binding && target->binding->strength == BindingStrength::required) {
            bool member = false;
            for (const json* v : values) {
              member = member || (v->is_string() &&
                                  terminology_.contains_code(target->binding->value_set,
                                                             v->get_ref<const std::string&>()) ==
                                      Membership::member);
            }
            if (!member) return false;
          }
          continue;  // nothing fixed here: this discriminator does not tell slices apart
        }
        bool match = false;
        for (const json* v : values) {
          match = match || (target->fixed ? *v == *expected : matches_pattern(*expected, *v));
        }
        if (!match) return false;
        break;
      }
      case Discriminator::Kind::exists:
        if (target == nullptr) return false;
        if (target->min > 0 && values.empty()) return false;
        if (target->max == 0 && !values.empty()) return false;
        break;
      case Discriminator::Kind::type: {
        if (target == nullptr || target->effective().types.size() != 1) return false;
        const std::string& wanted = target->effective().types.front().code;
        // a choice's type is in its JSON name; a resource's in its resourceType
        bool match = target == &slice && type != nullptr && type->code == wanted;
        for (const json* v : values) {
          match = match || (v->is_object() && v->value("resourceType", "") == wanted);
        }
        if (!match) return false;
        break;
      }
      case Discriminator::Kind::profile:
        return false;  // not decidable without checking against each profile
    }
  }
  return true;
}

void Walker::sliced(const std::vector<Occurrence>& items, const ElementDefinition& element,
                    const TypeRef* type, const Frame& frame, const std::string& base) {
  const Slicing& slicing = *element.slicing;
  std::vector<int> counts(element.slices.size(), 0);
  std::size_t last_slice = 0;
  for (const Occurrence& item : items) {
    const ElementDefinition* chosen = nullptr;
    if (item.value != nullptr) {
      for (std::size_t i = 0; i < element.slices.size() && chosen == nullptr; ++i) {
        if (in_slice(*item.value, type, *element.slices[i], slicing)) {
          chosen = element.slices[i].get();
          ++counts[i];
          if (slicing.ordered && i < last_slice) {
            error("structure", "slice '" + chosen->slice_name + "' is out of order", item.path);
          }
          last_slice = std::max(last_slice, i);
        }
      }
    }
    if (chosen == nullptr && slicing.closed) {
      error("structure", "the value matches no slice of " + element.name + " (closed slicing)",
            item.path);
    }
    occurrence(item, chosen != nullptr ? *chosen : element, type, frame);
  }
  for (std::size_t i = 0; i < element.slices.size(); ++i) {
    const ElementDefinition& slice = *element.slices[i];
    if (counts[i] < slice.min || (slice.max != kUnbounded && counts[i] > slice.max)) {
      error(counts[i] < slice.min ? "required" : "structure",
            "slice '" + slice.slice_name + "' of " + element.name + " needs " +
                slice_cardinality(slice) + " values, found " + std::to_string(counts[i]),
            base);
    }
  }
}

void Walker::missing_slices(const ElementDefinition& element, const std::string& path) {
  for (const auto& slice : element.slices) {
    if (slice->min > 0) {
      error("required",
            "slice '" + slice->slice_name + "' of " + element.name + " needs " +
                slice_cardinality(*slice) + " values, found 0",
            path);
    }
  }
}

}  // namespace gateway::validation
