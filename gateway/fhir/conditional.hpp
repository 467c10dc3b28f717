// Conditional reads: If-None-Match / If-Modified-Since turn a 200 into a 304; HTTP dates.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "fhir/request.hpp"
#include "fhir/response.hpp"

namespace gateway::fhir {

std::string format_http_date(std::time_t t);  // "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<std::time_t> parse_http_date(std::string_view s);
std::string weak_etag(std::string_view version_id);  // W/"<version>"

// When `response` is a 200 for a GET/HEAD with an ETag or Last-Modified that the request's
// preconditions match, returns the 304 to send instead.
std::optional<Response> not_modified(const Request& request, const Response& response);

}  // namespace gateway::fhir
