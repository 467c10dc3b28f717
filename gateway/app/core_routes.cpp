// Handlers for metadata, liveness, readiness and metrics.
#include "app/core_routes.hpp"

#include <ctime>
#include <functional>

#include "fhir/conditional.hpp"
#include "fhir/json.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::app {

fhir::Response liveness_response() {
  return fhir::make_response(200, R"({"status":"live"})", "application/json");
}

fhir::Response metrics_response(const ops::MetricsRegistry& metrics) {
  return fhir::make_response(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

std::vector<fhir::Route> core_routes(std::shared_ptr<const std::string> capability_statement,
                                     const ops::MetricsRegistry& metrics,
                                     const ops::Readiness& readiness) {
  std::vector<fhir::Route> routes;
  // The statement changes only with a restart: its hash is a stable validator.
  const std::string etag =
      fhir::weak_etag(std::to_string(std::hash<std::string>{}(*capability_statement)));
  const std::string last_modified = fhir::format_http_date(std::time(nullptr));
  routes.push_back({"GET", "/fhir/metadata",
                    [capability_statement, etag, last_modified](const fhir::Request&) {
                      auto response = fhir::make_shared_response(200, capability_statement);
                      response.set_header("etag", etag);
                      response.set_header("last-modified", last_modified);
                      return response;
                    },
                    fhir::Access::open, fhir::Interaction::capabilities, ""});
  routes.push_back({"GET", "/health/live", [](const fhir::Request&) { return liveness_response(); },
                    fhir::Access::open, fhir::Interaction::other, ""});
  routes.push_back({"GET", "/health/ready",
                    [&readiness](const fhir::Request&) {
                      const auto reason = readiness.first_failure();
                      fhir::Json body = {{"status", reason ? "not-ready" : "ready"}};
                      if (reason) body["reason"] = *reason;
                      if (auto warnings = readiness.warnings(); !warnings.empty()) {
                        body["warnings"] = warnings;
                      }
                      return fhir::make_response(reason ? 503 : 200, body.dump(),
                                                 "application/json");
                    },
                    fhir::Access::open, fhir::Interaction::other, ""});
  routes.back().execution = fhir::Execution::worker_pool;
  // Auth failures by reason and traffic per route are not for everyone: on the API port only
  // with the admin scope; Prometheus scrapes the metrics listener (metrics_listen).
  routes.push_back({"GET", "/metrics",
                    [&metrics](const fhir::Request&) { return metrics_response(metrics); },
                    fhir::Access::admin, fhir::Interaction::other, ""});
  return routes;
}

}  // namespace gateway::app
