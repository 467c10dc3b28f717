// The privacy registry's rules (see consent_rules.hpp).
#include "privacy/consent_rules.hpp"

#include <algorithm>

#include "search/date_range.hpp"

namespace gateway::privacy {
namespace {

using fhir::Json;
using Restriction = fhir::Disclosure::Restriction;

constexpr int kMaxProvisionDepth = 8;

const std::string* string_at(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return nullptr;
  return &found->get_ref<const std::string&>();
}

const Json* array_at(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_array()) return nullptr;
  return &*found;
}

bool within_period(const Json& provision, std::int64_t now_ms) {
  const auto period = provision.find("period");
  if (period == provision.end() || !period->is_object()) return true;
  if (const auto* start = string_at(*period, "start")) {
    const auto range = search::parse_date_range(*start);
    if (range && now_ms < range->low) return false;
  }
  if (const auto* end = string_at(*period, "end")) {
    const auto range = search::parse_date_range(*end);
    if (range && now_ms > range->high) return false;
  }
  return true;
}

bool actor_is(const Json& actor, const Viewer& viewer) {
  const auto reference = actor.find("reference");
  if (reference == actor.end() || !reference->is_object()) return false;
  const auto identifier = reference->find("identifier");
  if (identifier == reference->end()) return false;
  const auto* system = string_at(*identifier, "system");
  const auto* value = string_at(*identifier, "value");
  if (!system || !value || value->empty()) return false;
  if (*system == kHprSystem) return *value == viewer.hpr_number;
  if (*system == kOrgnrSystem) {
    return std::find(viewer.organisations.begin(), viewer.organisations.end(), *value) !=
           viewer.organisations.end();
  }
  return false;
}

void apply(const Json& provision, const Viewer& viewer, std::int64_t now_ms, int depth,
           ConsentEffect& effect) {
  if (!provision.is_object() || depth > kMaxProvisionDepth) return;
  const auto* type = string_at(provision, "type");
  if (type && *type == "deny" && within_period(provision, now_ms)) {
    const Json* actors = array_at(provision, "actor");
    const bool names_actors = actors && !actors->empty();
    const bool applies =
        !names_actors || std::any_of(actors->begin(), actors->end(),
                                     [&](const Json& actor) { return actor_is(actor, viewer); });
    const Json* data = array_at(provision, "data");
    if (applies && data && !data->empty()) {
      for (const auto& item : *data) {
        const auto reference = item.is_object() ? item.find("reference") : item.end();
        if (reference == item.end()) continue;
        if (const auto* target = string_at(*reference, "reference")) {
          effect.blocked.push_back(*target);
        }
      }
    } else if (applies && !names_actors) {
      effect.restriction = Restriction::reservation;
    } else if (applies && effect.restriction == Restriction::none) {
      effect.restriction = Restriction::block;
    }
  }
  if (const Json* nested = array_at(provision, "provision")) {
    for (const auto& inner : *nested) apply(inner, viewer, now_ms, depth + 1, effect);
  }
}

}  // namespace

bool is_active_privacy_consent(const Json& consent) {
  const auto* status = string_at(consent, "status");
  if (!status || *status != "active") return false;
  const auto scope = consent.find("scope");
  if (scope == consent.end()) return false;
  const Json* codings = array_at(*scope, "coding");
  if (!codings) return false;
  return std::any_of(codings->begin(), codings->end(), [](const Json& coding) {
    const auto* system = string_at(coding, "system");
    const auto* code = string_at(coding, "code");
    return system && code && *system == kConsentScopeSystem && *code == "patient-privacy";
  });
}

ConsentEffect consent_effect(const std::vector<Json>& consents, const Viewer& viewer,
                             std::int64_t now_ms) {
  ConsentEffect effect;
  for (const auto& consent : consents) {
    if (!is_active_privacy_consent(consent)) continue;
    const auto provision = consent.find("provision");
    if (provision != consent.end()) apply(*provision, viewer, now_ms, 0, effect);
  }
  std::sort(effect.blocked.begin(), effect.blocked.end());
  effect.blocked.erase(std::unique(effect.blocked.begin(), effect.blocked.end()),
                       effect.blocked.end());
  return effect;
}

}  // namespace gateway::privacy
