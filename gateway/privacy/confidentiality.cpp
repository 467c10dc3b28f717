// Confidentiality labels withheld from a caller (see confidentiality.hpp).
#include "privacy/confidentiality.hpp"

#include <algorithm>

namespace gateway::privacy {
namespace {

bool matches(const fhir::Json& coding, const std::vector<fhir::SecurityLabel>& labels) {
  if (!coding.is_object()) return false;
  const auto system = coding.find("system");
  const auto code = coding.find("code");
  if (system == coding.end() || code == coding.end() || !system->is_string() ||
      !code->is_string()) {
    return false;
  }
  const auto& s = system->get_ref<const std::string&>();
  const auto& c = code->get_ref<const std::string&>();
  return std::any_of(labels.begin(), labels.end(), [&](const fhir::SecurityLabel& label) {
    return label.system == s && label.code == c;
  });
}

}  // namespace

std::vector<fhir::SecurityLabel> withheld_labels(
    std::string_view authorization_code, const std::vector<std::string>& restricted_label_roles) {
  std::vector<fhir::SecurityLabel> labels{{kConfidentialitySystem, "V"},
                                          {kConfidentialityOid, "V"},
                                          {kNorwegianLabelOid, "NORS"},
                                          {kNorwegianLabelSystem, "NORS"}};
  const bool may_see_restricted =
      !authorization_code.empty() &&
      std::find(restricted_label_roles.begin(), restricted_label_roles.end(), authorization_code) !=
          restricted_label_roles.end();
  if (!may_see_restricted) {
    labels.push_back({kConfidentialitySystem, "R"});
    labels.push_back({kConfidentialityOid, "R"});
  }
  return labels;
}

bool carries_label(const fhir::Json& resource, const std::vector<fhir::SecurityLabel>& labels) {
  if (!resource.is_object() || labels.empty()) return false;
  if (const auto meta = resource.find("meta"); meta != resource.end() && meta->is_object()) {
    if (const auto security = meta->find("security");
        security != meta->end() && security->is_array()) {
      for (const auto& coding : *security) {
        if (matches(coding, labels)) return true;
      }
    }
  }
  if (const auto concepts = resource.find("securityLabel");
      concepts != resource.end() && concepts->is_array()) {
    for (const auto& label_concept : *concepts) {
      if (!label_concept.is_object()) continue;
      const auto codings = label_concept.find("coding");
      if (codings == label_concept.end() || !codings->is_array()) continue;
      for (const auto& coding : *codings) {
        if (matches(coding, labels)) return true;
      }
    }
  }
  return false;
}

}  // namespace gateway::privacy
