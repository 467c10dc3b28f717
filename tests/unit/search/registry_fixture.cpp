// Loads the test registry once (the definitions take a moment to read).
#include "registry_fixture.hpp"

#include <cstdlib>
#include <iostream>
#include <optional>

namespace gateway::search::testing {

const SearchRegistry& registry() {
  static const SearchRegistry loaded = [] {
    auto result =
        SearchRegistry::load(DefinitionSources{GATEWAY_R4B_CORE_DIR, {GATEWAY_PROFILES_DIR}},
                             default_stored_types(), default_searched_parameters());
    if (!result) {
      std::cerr << "search registry: " << result.error().log_detail << "\n";
      std::abort();
    }
    return std::move(*result);
  }();
  return loaded;
}

}  // namespace gateway::search::testing
