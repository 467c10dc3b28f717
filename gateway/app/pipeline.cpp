// Routing, authorisation, content negotiation and conditional reads around each handler.
#include "app/pipeline.hpp"

#include "fhir/conditional.hpp"
#include "fhir/content_negotiation.hpp"
#include "fhir/operation_outcome.hpp"

namespace gateway::app {
namespace {

bool is_fhir_path(std::string_view path) { return path == "/fhir" || path.rfind("/fhir/", 0) == 0; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

http::Outcome handle_request(const fhir::Router& router, const Authorizer& authorize,
                             fhir::Request& request) {
  http::Outcome out;
  const std::string_view method =
      request.method == "HEAD" ? std::string_view("GET") : request.method;
  fhir::RouteMatch match = router.match(method, request.path);
  if (match.outcome == fhir::RouteMatch::Outcome::not_found) {
    out.response = fhir::error_response(fhir::make_error(
        fhir::ErrorKind::not_found, is_fhir_path(request.path)
                                        ? "Unknown resource type or path: " + request.path
                                        : "Not found: " + request.path));
    return out;
  }
  if (match.outcome == fhir::RouteMatch::Outcome::method_not_allowed) {
    auto error = fhir::make_error(fhir::ErrorKind::method_not_allowed,
                                  "Method " + request.method + " is not allowed here");
    error.headers.push_back({"allow", match.allow});
    out.response = fhir::error_response(error);
    return out;
  }
  const fhir::Route& route = *match.route;
  out.route = route.pattern;
  request.path_params = std::move(match.path_params);

  if (route.access != fhir::Access::open) {
    if (!authorize) {
      out.response = fhir::error_response(
          fhir::make_error(fhir::ErrorKind::unauthorized, "Authentication is required"));
      return out;
    }
    auto caller = authorize(request, route);
    if (!caller) {
      out.response = fhir::error_response(caller.error());
      return out;
    }
    request.context.principal = caller->principal;
    out.client_id = std::move(caller->client_id);
    out.orgnr_parent = std::move(caller->orgnr_parent);
    out.orgnr_child = std::move(caller->orgnr_child);
    out.hpr_number = std::move(caller->hpr_number);
  }

  if (is_fhir_path(request.path)) {
    if (auto acceptable = fhir::check_acceptable(request); !acceptable) {
      out.response = fhir::error_response(acceptable.error());
      return out;
    }
    const bool form_allowed = ends_with(route.pattern, "/_search");
    auto accepted =
        form_allowed
            ? fhir::check_content_type(request, {"application/x-www-form-urlencoded",
                                                 "application/fhir+json", "application/json"})
            : fhir::check_content_type(
                  request, {"application/fhir+json", "application/json", "application/json+fhir"});
    if (!accepted) {
      out.response = fhir::error_response(accepted.error());
      return out;
    }
  }

  out.response = route.handler(request);
  if (auto not_modified = fhir::not_modified(request, out.response)) {
    out.response = std::move(*not_modified);
  }
  return out;
}

}  // namespace gateway::app
