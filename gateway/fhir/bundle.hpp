// Bundle.searchset written as bytes: resources that are already serialised are spliced in,
// never parsed again.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gateway::fhir {

struct SearchsetLinks {
  std::string self;                     // absolute URL of this page
  std::optional<std::string> next;      // absolute URL of the next page, if any
  std::optional<std::string> previous;  // absolute URL of the previous page, if any
};

class SearchsetWriter {
 public:
  // `base_url`: the public FHIR base without a trailing slash ("https://host/fhir"), for the
  // entries' fullUrl. `total`: nullopt leaves Bundle.total out (as with _total=none).
  // `expected_bytes` sizes the buffer.
  SearchsetWriter(std::string_view base_url, std::optional<std::size_t> total,
                  const SearchsetLinks& links, std::size_t expected_bytes = 0);

  // One entry with fullUrl base/type/id; `resource` is a serialised JSON object. FHIR type
  // names and ids ([A-Za-z0-9.-]) need no escaping.
  void add(std::string_view type, std::string_view id, std::string_view resource,
           std::string_view mode);
  // An entry without fullUrl carrying a serialised OperationOutcome (search.mode outcome).
  void add_outcome(std::string_view outcome);
  // The whole Bundle.
  std::string finish() &&;

 private:
  void open_entry();

  std::string out_;
  std::string full_url_start_;  // opening quote and escaped base URL
  bool has_entries_ = false;
};

}  // namespace gateway::fhir
