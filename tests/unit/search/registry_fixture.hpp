// The registry loaded once from the official R4B package and profiles/ for every search test.
#pragma once

#include "search/registry.hpp"

namespace gateway::search::testing {

// Loaded on first use; the test fails (and aborts) if the definitions cannot be read.
const SearchRegistry& registry();

}  // namespace gateway::search::testing
