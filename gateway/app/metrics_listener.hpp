// The metrics listener: a second, plain-HTTP address (metrics_listen) for Prometheus, served
// by its own http::Server. GET /metrics and GET /health/live only, no token; every other
// path 404, another method 405. Nothing on it reaches the API pipeline.
#pragma once

#include <memory>
#include <vector>

#include "fhir/router.hpp"
#include "http/handler.hpp"
#include "ops/metrics.hpp"

namespace gateway::app {

// GET /metrics (Prometheus text of `metrics`) and GET /health/live.
std::vector<fhir::Route> metrics_listener_routes(const ops::MetricsRegistry& metrics);

// Handlers for the listener's server: route, then answer on the I/O thread; transport
// errors are rendered as on the API port. No access log (scrapes are not API traffic).
http::Handlers metrics_listener_handlers(std::shared_ptr<const fhir::Router> router);

}  // namespace gateway::app
