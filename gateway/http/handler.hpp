// What the transport calls for each request: a plain function from request to outcome.
#pragma once

#include <functional>
#include <string>

#include "fhir/request.hpp"
#include "fhir/response.hpp"

namespace gateway::http {

// The response plus what the access log and metrics need to know about the request.
struct Outcome {
  fhir::Response response;
  std::string route = "unmatched";  // route template; never the raw path
  std::string client_id;
  std::string orgnr_parent;
  std::string orgnr_child;
  std::string hpr_number;
};

using RequestHandler = std::function<Outcome(fhir::Request&)>;

}  // namespace gateway::http
