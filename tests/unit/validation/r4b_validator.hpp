// The validator over the official R4B core package and our profiles, loaded once per test
// binary, and helpers to read the official examples and to find issues.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "validation/validator.hpp"

namespace gateway::validation::testing {

inline const std::vector<std::string>& stored_types() {
  static const std::vector<std::string> kTypes{
      "AllergyIntolerance", "AuditEvent",        "Binary", "Condition", "Consent", "Device",
      "DeviceUseStatement", "DocumentReference", "Flag",   "List",      "Patient", "Procedure"};
  return kTypes;
}

inline const Validator& r4b_validator() {
  static const std::shared_ptr<const Validator> validator = [] {
    auto model = fhirpath::TypeModel::load(FHIR_CORE_PACKAGE, stored_types());
    if (!model) throw std::runtime_error(model.error().message);
    ValidatorSources sources;
    sources.core_package_dir = FHIR_CORE_PACKAGE;
    sources.profile_dirs.push_back(GATEWAY_PROFILES_DIR);
    sources.eager_resources = stored_types();  // as the records module loads it
    auto loaded =
        Validator::load(sources, std::make_shared<const fhirpath::TypeModel>(std::move(*model)));
    if (!loaded) throw std::runtime_error(loaded.error());
    return std::move(*loaded);
  }();
  return *validator;
}

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return nlohmann::json::parse(in);
}

inline nlohmann::json example(const std::string& file) {
  return read_json(std::string(FHIR_EXAMPLES_PACKAGE) + "/" + file);
}

// "severity code @expression: diagnostics" of each issue, for readable failures.
inline std::vector<std::string> describe(const std::vector<fhir::Issue>& issues) {
  std::vector<std::string> out;
  for (const auto& issue : issues) {
    out.push_back(issue.severity + " " + issue.code + " @" + issue.expression + ": " +
                  issue.diagnostics);
  }
  return out;
}

inline std::vector<fhir::Issue> errors_of(const std::vector<fhir::Issue>& issues) {
  std::vector<fhir::Issue> out;
  for (const auto& issue : issues) {
    if (issue.severity == "error" || issue.severity == "fatal") out.push_back(issue);
  }
  return out;
}

}  // namespace gateway::validation::testing
