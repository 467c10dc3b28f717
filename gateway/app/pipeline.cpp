// The pipeline: routing on the I/O thread; admission stages and the handler inline or on the
// worker pool; then the conditional response and the audit hook.
#include "app/pipeline.hpp"

#include "fhir/operation_outcome.hpp"

namespace gateway::app {
namespace {

http::Outcome outcome_of(fhir::Request& request, fhir::Response response) {
  return http::Outcome{std::move(response), std::move(request.context)};
}

}  // namespace

std::optional<fhir::Response> Pipeline::admit(fhir::Request& request) const {
  fhir::Status admitted = authenticate_request(parts_.trust, parts_.rules, request);
  if (admitted) admitted = authorize_request(parts_.trust, request);
  if (admitted) admitted = negotiate(request);
  if (admitted) return std::nullopt;
  return fhir::error_response(admitted.error());
}

http::Outcome Pipeline::run(fhir::Request request) const {
  if (auto refused = admit(request)) return refuse(std::move(request), std::move(*refused));
  return finish(std::move(request));
}

http::Outcome Pipeline::finish(fhir::Request request) const {
  if (parts_.scope) {
    if (auto scoped = parts_.scope(request.context); !scoped) {
      return refuse(std::move(request), fhir::error_response(scoped.error()));
    }
  }
  fhir::Response response = run_handler(request, [&](const char* what) {
    if (parts_.on_exception) parts_.on_exception(request.context, what);
  });
  response = conditional_response(request, std::move(response));
  if (const auto& disclosure = request.context.disclosure) {
    if (disclosure->restriction != fhir::Disclosure::Restriction::none) {
      response.headers.push_back(
          {"nhn-privacy-restriction", fhir::restriction_name(disclosure->restriction)});
    }
    if (const auto withheld = disclosure->withheld.load(); withheld > 0) {
      response.headers.push_back({"nhn-securitylabel-nors-count", std::to_string(withheld)});
    }
  }
  if (request.context.principal && parts_.trust.dpop_nonce) {
    if (auto nonce = parts_.trust.dpop_nonce()) response.headers.push_back({"dpop-nonce", *nonce});
  }
  if (parts_.audit) response = parts_.audit(request.context, std::move(response), true);
  return outcome_of(request, std::move(response));
}

http::Outcome Pipeline::refuse(fhir::Request request, fhir::Response response) const {
  if (parts_.audit && request.context.route) {
    response = parts_.audit(request.context, std::move(response), false);
  }
  return outcome_of(request, std::move(response));
}

void Pipeline::handle(fhir::Request request, http::Respond respond) const {
  if (auto routed = route_request(*parts_.routes, request); !routed) {
    return respond(refuse(std::move(request), fhir::error_response(routed.error())));
  }
  if (request.context.route->execution == fhir::Execution::inline_io || !parts_.pool) {
    return respond(run(std::move(request)));
  }
  // std::function needs a copyable task: the request and the responder live in one shared
  // holder, used by exactly one of the two paths below.
  auto job = std::make_shared<std::pair<fhir::Request, http::Respond>>(std::move(request),
                                                                       std::move(respond));
  if (parts_.pool->try_submit([this, job] { job->second(run(std::move(job->first))); })) return;
  auto busy = fhir::make_error(fhir::ErrorKind::unavailable,
                               "The server is busy; retry after the time in Retry-After");
  busy.headers.push_back({"retry-after", "1"});
  job->second(refuse(std::move(job->first), fhir::error_response(busy)));
}

http::Outcome Pipeline::handle_now(fhir::Request request) const {
  if (auto routed = route_request(*parts_.routes, request); !routed) {
    return refuse(std::move(request), fhir::error_response(routed.error()));
  }
  return run(std::move(request));
}

}  // namespace gateway::app
