// The transport-neutral HTTP request that every handler receives.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fhir/request_context.hpp"

namespace gateway::fhir {

struct Header {
  std::string name;  // lower-case
  std::string value;
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper-case, e.g. "GET"
  std::string target;  // request-target as received, e.g. "/fhir/Patient?name=x"
  std::string path;    // percent-decoded path without the query
  QueryParams query;   // percent-decoded query parameters, in order
  std::vector<Header> headers;
  std::string body;
  // Filled by the router: values of "{name}" segments of the matched pattern.
  std::vector<std::pair<std::string, std::string>> path_params;
  // Request id, route, principal, patient: filled by the transport and the pipeline stages.
  RequestContext context;

  // First header with this lower-case name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::size_t header_count(std::string_view lower_name) const;
  std::string_view path_param(std::string_view name) const;
  // First query parameter with this name.
  std::optional<std::string_view> query_param(std::string_view name) const;
};

// Splits "a=1&b=%20x" into decoded pairs; '+' decodes to a space. Returns nullopt on a
// malformed percent escape, a decoded NUL or a name or value that is not UTF-8.
std::optional<QueryParams> parse_query(std::string_view query);
// Percent-encodes a query component (RFC 3986 unreserved characters, ':' and ',' stay).
std::string percent_encode(std::string_view text);
// "a=1&b=x%20y" from pairs, each name and value percent-encoded.
std::string encode_query(const QueryParams& params);
// Percent-decodes a path; nullopt on a malformed escape, a decoded NUL or invalid UTF-8.
std::optional<std::string> decode_path(std::string_view path);

}  // namespace gateway::fhir
