// The request pipeline every request goes through: route, authorise, negotiate, handle,
// conditional read. A plain function; the transport only does I/O around it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "fhir/error.hpp"
#include "fhir/router.hpp"
#include "http/handler.hpp"

namespace gateway::app {

// Who is calling, as the trust layer established it.
struct Caller {
  std::shared_ptr<const auth::Principal> principal;
  std::string client_id;
  std::string orgnr_parent;
  std::string orgnr_child;
  std::string hpr_number;
};

// Decides whether `request` may use `route`; not called for Access::open routes.
using Authorizer = std::function<fhir::Result<Caller>(const fhir::Request&, const fhir::Route&)>;

// Runs the pipeline. Without an authorizer, non-open routes are refused with 401.
http::Outcome handle_request(const fhir::Router& router, const Authorizer& authorize,
                             fhir::Request& request);

}  // namespace gateway::app
