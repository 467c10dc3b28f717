// The pipeline's stages: one decision each, read from the route's declared policy.
#include "app/stages.hpp"

#include <exception>

#include "fhir/conditional.hpp"
#include "fhir/content_negotiation.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::app {
namespace {

bool is_fhir_path(std::string_view path) { return path == "/fhir" || path.starts_with("/fhir/"); }

}  // namespace

fhir::Status route_request(const fhir::Router& router, fhir::Request& request) {
  const std::string_view method =
      request.method == "HEAD" ? std::string_view("GET") : std::string_view(request.method);
  fhir::RouteMatch match = router.match(method, request.path);
  if (match.outcome == fhir::RouteMatch::Outcome::not_found) {
    return fhir::make_error(fhir::ErrorKind::not_found,
                            is_fhir_path(request.path)
                                ? "Unknown resource type or path: " + request.path
                                : "Not found: " + request.path);
  }
  if (match.outcome == fhir::RouteMatch::Outcome::method_not_allowed) {
    auto error = fhir::make_error(fhir::ErrorKind::method_not_allowed,
                                  "Method " + request.method + " is not allowed here");
    error.headers.push_back({"allow", match.allow});
    return error;
  }
  request.context.route = match.route;
  request.path_params = std::move(match.path_params);
  if (!match.route->resource_type.empty()) {
    if (const std::string_view id = request.path_param("id"); !id.empty()) {
      request.context.target = match.route->resource_type + "/" + std::string(id);
    }
  }
  return {};
}

bool needs_token(const fhir::Route& route, const AccessRules& rules) {
  if (route.access == fhir::Access::open) return false;
  return !(route.access == fhir::Access::grunndata && rules.grunndata_public);
}

fhir::Status authenticate_request(const TrustStages& trust, const AccessRules& rules,
                                  fhir::Request& request) {
  const fhir::Route& route = *request.context.route;
  if (!needs_token(route, rules)) return {};
  if (!trust.authenticate) {
    return fhir::make_error(fhir::ErrorKind::unauthorized, "Authentication is required");
  }
  auto principal = trust.authenticate(request, route);
  if (!principal) return std::move(principal).take_error();
  request.context.principal = std::move(*principal);
  return {};
}

fhir::Status authorize_request(const TrustStages& trust, fhir::Request& request) {
  if (!request.context.principal) return {};
  if (!trust.authorize) {
    return fhir::make_error(fhir::ErrorKind::forbidden, "No access policy is configured");
  }
  return trust.authorize(request.context);
}

fhir::Status negotiate(const fhir::Request& request) {
  if (!is_fhir_path(request.path)) return {};
  if (auto acceptable = fhir::check_acceptable(request); !acceptable) return acceptable;
  switch (request.context.route->accepts) {
    case fhir::Body::form:
      return fhir::check_content_type(request, {"application/x-www-form-urlencoded"});
    case fhir::Body::fhir_json:
      return fhir::check_content_type(
          request, {"application/fhir+json", "application/json", "application/json+fhir"});
  }
  return {};
}

fhir::Response run_handler(const fhir::Request& request,
                           const std::function<void(const char* what)>& on_exception) {
  try {
    return request.context.route->handler(request);
  } catch (const std::exception& e) {
    if (on_exception) on_exception(e.what());
  } catch (...) {
    if (on_exception) on_exception("unknown exception");
  }
  return fhir::error_response(
      fhir::make_error(fhir::ErrorKind::internal, "Internal error; see the server log"));
}

fhir::Response conditional_response(const fhir::Request& request, fhir::Response response) {
  if (auto not_modified = fhir::not_modified(request, response)) return std::move(*not_modified);
  return response;
}

}  // namespace gateway::app
