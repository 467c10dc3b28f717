// The R4B type model for the FHIRPath tests, loaded once from the official core package, and
// helpers that evaluate an expression and return the result as JSON values.
#pragma once

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fhirpath/evaluate.hpp"
#include "fhirpath/expression.hpp"
#include "fhirpath/type_model.hpp"

namespace gateway::fhirpath::testing {

inline const TypeModel& r4b_model() {
  static const TypeModel model = [] {
    auto loaded = TypeModel::load(FHIR_CORE_PACKAGE);
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::move(*loaded);
  }();
  return model;
}

// The collection as JSON values; fails the test on a parse or evaluation error.
inline std::vector<nlohmann::json> values_of(std::string_view text,
                                             const nlohmann::json& resource) {
  auto expression = parse(text);
  EXPECT_TRUE(expression.ok()) << text << ": " << (expression ? "" : expression.error().message);
  if (!expression) return {};
  auto result = evaluate(*expression, resource, r4b_model());
  EXPECT_TRUE(result.ok()) << text << ": " << (result ? "" : result.error().message);
  if (!result) return {};
  std::vector<nlohmann::json> out;
  for (const Item& item : *result) out.push_back(item.json());
  return out;
}

// The type names of the result's items.
inline std::vector<std::string> types_of(std::string_view text, const nlohmann::json& resource) {
  auto expression = parse(text);
  EXPECT_TRUE(expression.ok()) << text;
  if (!expression) return {};
  auto result = evaluate(*expression, resource, r4b_model());
  EXPECT_TRUE(result.ok()) << text << ": " << (result ? "" : result.error().message);
  if (!result) return {};
  std::vector<std::string> out;
  for (const Item& item : *result) out.emplace_back(item.type_name());
  return out;
}

}  // namespace gateway::fhirpath::testing
