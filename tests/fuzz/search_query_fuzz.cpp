// libFuzzer target for FHIR search query parsing against the official R4B search parameters:
// a resource type line ("Type!" for lenient handling), then a query string. Checks the invariants
// every parse must keep.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fhir/request.hpp"
#include "search/date_range.hpp"
#include "search/query_parser.hpp"
#include "search/registry.hpp"

namespace {

using namespace gateway;

const search::SearchRegistry& registry() {
  static const search::SearchRegistry loaded = [] {
    auto result = search::SearchRegistry::load(
        search::DefinitionSources{GATEWAY_R4B_CORE_DIR, {GATEWAY_PROFILES_DIR}},
        search::default_stored_types(), search::default_searched_parameters());
    if (!result) std::abort();
    return std::move(*result);
  }();
  return loaded;
}

std::string_view next_line(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return line;
}

void check_parsed(const search::ParsedSearch& parsed, const fhir::PagingLimits& limits) {
  if (parsed.query.count > limits.max_count) __builtin_trap();
  for (const auto& clause : parsed.query.clauses) {
    if (clause.param.empty()) __builtin_trap();
    if (clause.missing.has_value() != clause.any_of.empty()) __builtin_trap();
    for (const auto& value : clause.any_of) {
      if (const auto* date = std::get_if<storage::DateMatch>(&value);
          date && date->low > date->high) {
        __builtin_trap();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  // "Type" or "Type!" (lenient handling).
  std::string type(next_line(rest));
  const bool lenient = type.ends_with('!');
  if (lenient) type.pop_back();
  if (auto range = search::parse_date_range(type); range && range->low > range->high) {
    __builtin_trap();
  }
  auto params = fhir::parse_query(rest);
  if (!params) return 0;
  search::SearchInput input;
  input.type = registry().is_stored(type) ? type : "Patient";
  input.params = &*params;
  input.lenient = lenient;
  input.base_url = "https://gw.example/fhir";
  input.now_ms = 1'735'689'600'000;
  auto parsed = search::parse_search(registry(), input);
  if (parsed) {
    check_parsed(*parsed, input.limits);
    return 0;
  }
  if (parsed.error().issues.empty()) __builtin_trap();
  for (const auto& issue : parsed.error().issues) {
    if (issue.diagnostics.empty()) __builtin_trap();
  }
  // Issues quote client input: the OperationOutcome must serialise whatever the bytes were.
  static_cast<void>(search::search_error_response(parsed.error()));
  return 0;
}
