// Shared helpers of the FEST importer tests: fixture loading and result unwrapping.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "medication/fest/import.hpp"

namespace gateway::medication::testing {

inline std::string fixture_path(const std::string& name) {
  return std::string(FEST_FIXTURE_DIR) + "/" + name;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream input(fixture_path(name), std::ios::binary);
  std::ostringstream content;
  content << input.rdbuf();
  return content.str();
}

// The catalog of a successful import; fails the test (with the error) otherwise.
inline FestCatalog expect_catalog(ImportResult result) {
  if (auto* error = std::get_if<ImportError>(&result)) {
    ADD_FAILURE() << "import failed: " << error->message << " at " << error->line << ":"
                  << error->column << " in " << error->element;
    return {};
  }
  return std::move(std::get<FestCatalog>(result));
}

inline ImportError expect_error(ImportResult result) {
  if (auto* error = std::get_if<ImportError>(&result)) return *error;
  ADD_FAILURE() << "import succeeded but an error was expected";
  return {};
}

}  // namespace gateway::medication::testing
