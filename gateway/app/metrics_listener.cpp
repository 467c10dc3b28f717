// The metrics listener's two routes and its request handler.
#include "app/metrics_listener.hpp"

#include "app/core_routes.hpp"
#include "app/stages.hpp"
#include "app/transport_errors.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::app {

std::vector<fhir::Route> metrics_listener_routes(const ops::MetricsRegistry& metrics) {
  std::vector<fhir::Route> routes;
  routes.push_back({"GET", "/metrics",
                    [&metrics](const fhir::Request&) { return metrics_response(metrics); },
                    fhir::Access::open, fhir::Interaction::other, ""});
  routes.push_back({"GET", "/health/live", [](const fhir::Request&) { return liveness_response(); },
                    fhir::Access::open, fhir::Interaction::other, ""});
  return routes;
}

http::Handlers metrics_listener_handlers(std::shared_ptr<const fhir::Router> router) {
  return {[router = std::move(router)](fhir::Request request, http::Respond respond) {
            http::Outcome out;
            if (auto routed = route_request(*router, request); !routed) {
              out.response = fhir::error_response(routed.error());
            } else {
              out.response = request.context.route->handler(request);
            }
            out.context = std::move(request.context);
            respond(std::move(out));
          },
          &render_transport_error,
          {}};
}

}  // namespace gateway::app
