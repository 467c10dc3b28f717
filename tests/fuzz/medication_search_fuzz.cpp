// libFuzzer target for the medication search parser: "Type?query" -> parse_search_query, cursors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fhir/request.hpp"
#include "medication/index/resource_types.hpp"
#include "medication/search/cursor.hpp"
#include "medication/search/query.hpp"

namespace {

using namespace gateway;
using namespace gateway::medication;

bool same_cursor(const Cursor& a, const Cursor& b) {
  return a.sort == b.sort && a.descending == b.descending && a.key == b.key && a.id == b.id &&
         a.before == b.before;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t q = input.find('?');
  const ResourceType type =
      parse_type_name(input.substr(0, q)).value_or(ResourceType::medicinal_product_definition);
  const auto params = fhir::parse_query(q == std::string_view::npos ? input : input.substr(q + 1));
  if (!params) return 0;
  const fhir::PagingLimits limits;
  const auto strict = parse_search_query(type, *params, false, limits);
  const auto lenient = parse_search_query(type, *params, true, limits);
  // Lenient handling skips what it cannot use; it fails nothing that strict handling accepts.
  if (!lenient) __builtin_trap();
  if (strict && !lenient->ignored.empty()) __builtin_trap();
  if (lenient->common.count > limits.max_count) __builtin_trap();
  if (const auto& cursor = lenient->cursor) {
    const auto again = decode_cursor(encode_cursor(*cursor));
    if (!again || !same_cursor(*again, *cursor)) __builtin_trap();
  }
  return 0;
}
