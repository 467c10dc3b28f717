// The routes every deployment has: /fhir/metadata, /health/live, /health/ready, /metrics.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fhir/router.hpp"
#include "ops/metrics.hpp"
#include "ops/readiness.hpp"

namespace gateway::app {

// `capability_statement` is the serialised CapabilityStatement, built once at start.
// /health/ready runs its checks on the worker pool (a store check may block). /metrics needs
// the admin scope here; without a token it is served on the metrics listener only.
std::vector<fhir::Route> core_routes(std::shared_ptr<const std::string> capability_statement,
                                     const ops::MetricsRegistry& metrics,
                                     const ops::Readiness& readiness);

// The answers the metrics listener shares with the API port.
fhir::Response liveness_response();
fhir::Response metrics_response(const ops::MetricsRegistry& metrics);

}  // namespace gateway::app
