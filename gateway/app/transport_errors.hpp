// How the application answers the transport's own failures: each TransportError as an
// OperationOutcome with its status from the error table.
#pragma once

#include "fhir/response.hpp"
#include "http/handler.hpp"

namespace gateway::app {

fhir::Response render_transport_error(http::TransportError error);

}  // namespace gateway::app
