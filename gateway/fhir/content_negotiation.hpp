// Content negotiation: which response formats a client accepts (Accept, _format) and which
// request body types a route takes (Content-Type).
#pragma once

#include <string_view>
#include <vector>

#include "fhir/error.hpp"
#include "fhir/request.hpp"

namespace gateway::fhir {

// Ok when the client accepts FHIR JSON; otherwise a 406 not_acceptable error.
Status check_acceptable(const Request& request);

// Ok when the request has no body or its Content-Type is one of `allowed` (media types
// without parameters, compared case-insensitively); otherwise a 415 error.
Status check_content_type(const Request& request, const std::vector<std::string_view>& allowed);

}  // namespace gateway::fhir
