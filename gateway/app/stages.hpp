// The stages of the request pipeline, each a plain function with its own tests:
// route -> authenticate -> authorise -> negotiate -> handle -> conditional response -> audit.
// Each stage owns one decision and reads what it needs from the route's declared policy.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "fhir/error.hpp"
#include "fhir/request.hpp"
#include "fhir/response.hpp"
#include "fhir/router.hpp"

namespace gateway::app {

// The trust layer as the pipeline sees it (the application wires auth::TrustLayer in).
struct TrustStages {
  // Token and DPoP proof -> principal. Never waits on the network.
  std::function<fhir::Result<std::shared_ptr<const auth::Principal>>(const fhir::Request&,
                                                                     const fhir::Route&)>
      authenticate;
  // Policy of context.route for context.principal: token kind, scope, attestation; may
  // narrow the grant (context.compartment_patient).
  std::function<fhir::Status(fhir::RequestContext&)> authorize;
  // When set, the DPoP nonce to send (DPoP-Nonce) on every answer to an authenticated request.
  std::function<std::optional<std::string>()> dpop_nonce;
};

// What the deployment decides about access beyond the route's own declaration.
struct AccessRules {
  bool grunndata_public = false;  // medication master data is served without a token
};

// Route: matches method (HEAD as GET) and path; fills path parameters and context.route.
// 404 for an unknown path, 405 with Allow for a known path and another method.
[[nodiscard]] fhir::Status route_request(const fhir::Router& router, fhir::Request& request);

// True when the route needs a token under these rules (not open, not public grunndata).
bool needs_token(const fhir::Route& route, const AccessRules& rules);

// Authenticate: the principal into context.principal, when the route needs one. Without a
// trust layer every protected route is refused with 401.
[[nodiscard]] fhir::Status authenticate_request(const TrustStages& trust, const AccessRules& rules,
                                                fhir::Request& request);

// Authorise: the route's policy for the authenticated principal (no-op without one).
[[nodiscard]] fhir::Status authorize_request(const TrustStages& trust, fhir::Request& request);

// Negotiate: on FHIR paths, the client must accept JSON and the body must be of a type the
// route accepts (Body::form for POST _search, FHIR JSON otherwise).
[[nodiscard]] fhir::Status negotiate(const fhir::Request& request);

// Handle: runs the route's handler; an exception becomes a 500 (the detail is logged by the
// caller through `on_exception`, never sent).
fhir::Response run_handler(const fhir::Request& request,
                           const std::function<void(const char* what)>& on_exception);

// Conditional response: 304 for a matching If-None-Match / If-Modified-Since on a read.
fhir::Response conditional_response(const fhir::Request& request, fhir::Response response);

}  // namespace gateway::app
