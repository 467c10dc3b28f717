// Chunked trailer fields never reach the application as header fields (RFC 9110 §6.5).
// Beast's parser adds the fields of a chunked trailer to the request's header fields; the
// connection notes the header section when the last chunk begins, and before the request
// is handed on removes every field that came after it. A trailer naming a field that may
// only be sent in the header section (credentials, routing, framing, content metadata, the
// request id) refuses the request instead.
#pragma once

#include <boost/beast/http/fields.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace gateway::http::detail {

// Authorization, Proxy-Authorization, Cookie, DPoP, Host, Transfer-Encoding, X-Request-Id
// and every Content-* field (any case).
bool header_section_only(std::string_view name);

// One request's header section, as the parser saw it at the last chunk.
class TrailerFilter {
 public:
  // Called from the parser's chunk-header callback for the last chunk (size 0): the fields
  // present now are the header section.
  void note_header_section(const boost::beast::http::fields& fields);
  // Removes every field added after the header section was noted (nothing when it never
  // was: the request was not chunked). Fails with the name of the first such field that may
  // only be sent in the header section, leaving the fields as they are: the request is
  // refused, not served.
  [[nodiscard]] Result<void, std::string> remove_trailers(boost::beast::http::fields& fields);
  // Forgets the noted header section (the next request on the connection).
  void clear();

 private:
  bool in_header_section(const void* element) const;

  std::vector<const void*> header_section_;  // addresses of the fields' elements, sorted
  bool noted_ = false;
};

}  // namespace gateway::http::detail
