// Conversion between Beast messages and the transport-neutral request/response.
#pragma once

#include <boost/beast/http.hpp>

#include <optional>
#include <string>

#include "fhir/request.hpp"

namespace gateway::http::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Moves the Beast request into a fhir::Request; nullopt if the target cannot be decoded.
std::optional<fhir::Request> to_fhir_request(BeastRequest&& in);
// A request id from the client is kept when it is 1-128 of [A-Za-z0-9._:-].
bool is_acceptable_request_id(std::string_view id);

}  // namespace gateway::http::detail
