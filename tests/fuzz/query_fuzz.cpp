// libFuzzer target for FHIR core parsers: path/query decoding, common search params, Accept, dates.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fhir/conditional.hpp"
#include "fhir/content_negotiation.hpp"
#include "fhir/json.hpp"
#include "fhir/request.hpp"
#include "fhir/search_common.hpp"

namespace {

using namespace gateway;

// Input lines: request target (path?query), Accept value, Prefer value, HTTP date.
std::string_view next_line(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return line;
}

// Decoded text ends up in JSON (diagnostics, Bundle links): serialising it must not throw.
void check_json_safe(const std::string& text) { static_cast<void>(fhir::Json(text).dump()); }

void decode_target(std::string_view target, fhir::Request& request) {
  const std::size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  if (auto path = fhir::decode_path(raw_path)) {
    // %00 is refused; a NUL in the output can only be one the input already had.
    if (path->find('\0') != std::string::npos && raw_path.find('\0') == std::string_view::npos) {
      __builtin_trap();
    }
    check_json_safe(*path);
    request.path = std::move(*path);
  }
  if (q == std::string_view::npos) return;
  if (auto params = fhir::parse_query(target.substr(q + 1))) {
    for (const auto& [name, value] : *params) {
      check_json_safe(name);
      check_json_safe(value);
    }
    request.query = std::move(*params);
  }
}

void fuzz_search_params(const fhir::QueryParams& params) {
  const fhir::PagingLimits limits;
  auto common = fhir::parse_common_search_params(params, limits);
  if (!common) return;
  if (common->count > limits.max_count) __builtin_trap();
  static const fhir::Json resource = {{"resourceType", "Patient"},
                                      {"id", "1"},
                                      {"text", {{"status", "generated"}}},
                                      {"name", {{{"family", "X"}}}},
                                      {"active", true}};
  const fhir::Json subset = fhir::apply_elements(resource, common->elements);
  if (subset.value("resourceType", "") != "Patient" || subset.value("id", "") != "1") {
    __builtin_trap();
  }
  fhir::apply_summary(subset, common->summary, {"name", "active"});
}

// A date that parses must format back to a string that parses to the same instant.
void fuzz_http_date(std::string_view text) {
  const auto parsed = fhir::parse_http_date(text);
  if (!parsed || *parsed < 0 || *parsed > 253402300799) return;  // years 1970..9999
  if (fhir::parse_http_date(fhir::format_http_date(*parsed)) != parsed) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  fhir::Request request;
  request.method = "GET";
  decode_target(next_line(rest), request);
  fuzz_search_params(request.query);
  request.headers.push_back({"accept", std::string(next_line(rest))});
  request.headers.push_back({"prefer", std::string(next_line(rest))});
  fhir::check_acceptable(request);
  fhir::prefers_lenient(request);
  fuzz_http_date(next_line(rest));
  return 0;
}
