// Parsing of the trust-framework attestation, tolerant of the shape drift seen in NHN's
// clients (care_relation/care_relationship, patient/patients, "auhtorization", hpr_nr).
#include "auth/trust_framework.hpp"

#include <array>

#include "auth/jws.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

const json* member(const json& object, std::initializer_list<std::string_view> names) {
  if (!object.is_object()) return nullptr;
  for (const auto name : names) {
    const auto it = object.find(name);
    if (it != object.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

// Strings as they are; numbers (an HPR number sent as a number) as their decimal text.
std::string text_of(const json& object, std::string_view name) {
  const json* value = member(object, {name});
  if (!value) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return value->dump();
  return {};
}

std::optional<AttestedIdentifier> identifier(const json* value) {
  if (!value || !value->is_object()) return std::nullopt;
  return AttestedIdentifier{text_of(*value, "id"), text_of(*value, "name"),
                            text_of(*value, "system"), text_of(*value, "authority")};
}

std::optional<AttestedCode> code(const json* value) {
  if (!value || !value->is_object()) return std::nullopt;
  return AttestedCode{text_of(*value, "code"), text_of(*value, "text"), text_of(*value, "system"),
                      text_of(*value, "assigner")};
}

std::optional<DecisionRef> decision_ref(const json* value) {
  if (!value || !value->is_object()) return std::nullopt;
  DecisionRef ref{text_of(*value, "id"), std::nullopt, text_of(*value, "description")};
  if (const json* selected = member(*value, {"user_selected"});
      selected && selected->is_boolean()) {
    ref.user_selected = selected->get<bool>();
  }
  return ref;
}

AttestedPatient patient(const json& value) {
  return AttestedPatient{identifier(member(value, {"identifier"})),
                         identifier(member(value, {"point_of_care"})),
                         identifier(member(value, {"department"}))};
}

// Accepts a JSON object, or a string holding one.
std::optional<json> as_object(const json& value) {
  if (value.is_object()) return value;
  if (value.is_string()) return parse_json_object(value.get_ref<const std::string&>());
  return std::nullopt;
}

}  // namespace

std::optional<Attestation> parse_attestation(const json& object) {
  if (!object.is_object()) return std::nullopt;
  Attestation out;
  if (const json* p = member(object, {"practitioner"}); p && p->is_object()) {
    out.practitioner.identifier = identifier(member(*p, {"identifier"}));
    out.practitioner.hpr_number = identifier(member(*p, {"hpr_nr", "hpr_number"}));
    out.practitioner.authorization = code(member(*p, {"authorization", "auhtorization"}));
    out.practitioner.legal_entity = identifier(member(*p, {"legal_entity"}));
    out.practitioner.point_of_care = identifier(member(*p, {"point_of_care"}));
    out.practitioner.department = identifier(member(*p, {"department"}));
  }
  if (const json* c = member(object, {"care_relationship", "care_relation"}); c && c->is_object()) {
    out.care_relationship.healthcare_service = code(member(*c, {"healthcare_service"}));
    out.care_relationship.purpose_of_use = code(member(*c, {"purpose_of_use"}));
    out.care_relationship.purpose_of_use_details = code(member(*c, {"purpose_of_use_details"}));
    out.care_relationship.decision_ref = decision_ref(member(*c, {"decision_ref"}));
  }
  if (const json* ps = member(object, {"patients", "patient"})) {
    if (ps->is_array()) {
      for (const auto& item : *ps) {
        if (item.is_object()) out.patients.push_back(patient(item));
      }
    } else if (ps->is_object()) {
      out.patients.push_back(patient(*ps));
    }
  }
  return out;
}

AttestationParse find_attestation(const json& payload) {
  AttestationParse result;
  if (const json* claim = member(payload, {kAttestationType})) {
    const auto object = as_object(*claim);
    if (!object) {
      result.problem = "attestation claim is neither an object nor a JSON object string";
      return result;
    }
    result.attestation = parse_attestation(*object);
    return result;
  }
  const json* details = member(payload, {"authorization_details"});
  if (!details) return result;
  std::optional<json> parsed_details;
  if (details->is_string()) {
    parsed_details = json::parse(details->get_ref<const std::string&>(), nullptr, false);
    if (parsed_details->is_discarded()) {
      result.problem = "authorization_details is not JSON";
      return result;
    }
    details = &*parsed_details;
  }
  const auto is_attestation = [](const json& item) {
    return item.is_object() && string_claim(item, "type") == kAttestationType;
  };
  if (details->is_object() && is_attestation(*details)) {
    result.attestation = parse_attestation(*details);
  } else if (details->is_array()) {
    for (const auto& item : *details) {
      if (is_attestation(item)) {
        result.attestation = parse_attestation(item);
        break;
      }
    }
  }
  return result;
}

bool is_accepted_purpose_of_use(const AttestedCode& code) {
  static constexpr std::array<std::string_view, 4> kCodes = {"TREAT", "ETREAT", "COC", "BTG"};
  if (code.system != kPurposeOfUseSystem) return false;
  for (const auto accepted : kCodes) {
    if (code.code == accepted) return true;
  }
  return false;
}

bool is_national_person_system(std::string_view system) {
  return system == kFodselsnummerSystem || system == kDNummerSystem || system == kHNummerSystem;
}

}  // namespace gateway::auth
