// The request pipeline every request goes through, composed of the stages in stages.hpp.
// Routing runs on the connection's I/O thread. A route declared Execution::worker_pool has
// everything after it run on the worker pool (authentication too: with several replicas its
// replay check is a database round trip, which must not hold the I/O thread), and a full
// pool answers 503 with Retry-After at once.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "app/stages.hpp"
#include "fhir/router.hpp"
#include "http/handler.hpp"
#include "ops/worker_pool.hpp"

namespace gateway::app {

// Called once per routed request after the response is decided: records it and returns the
// response to send (a 503 instead when an answer with patient data cannot be audited).
// `may_wait` is false where the caller must not block (the I/O thread).
using AuditHook =
    std::function<fhir::Response(const fhir::RequestContext&, fhir::Response, bool may_wait)>;

struct PipelineParts {
  std::shared_ptr<const fhir::Router> routes;  // frozen before the server serves
  TrustStages trust;                           // empty: every protected route gets 401
  AccessRules rules;
  ops::WorkerPool* pool = nullptr;  // required when a route runs on the worker pool
  AuditHook audit;                  // may be empty
  // Patient-data and admin routes: decides context.compartments before the handler, where
  // the handler runs (decide_compartment_scope over the store). Empty: nothing is decided
  // and patient-data handlers refuse.
  std::function<fhir::Status(fhir::RequestContext&)> scope;
  std::function<void(const fhir::RequestContext&, const char* what)> on_exception;
};

class Pipeline {
 public:
  explicit Pipeline(PipelineParts parts) : parts_(std::move(parts)) {}

  // The transport's request handler.
  void handle(fhir::Request request, http::Respond respond) const;
  // The same for inline routes and tests: every stage, synchronously (pooled routes too).
  http::Outcome handle_now(fhir::Request request) const;

 private:
  // Authenticate, authorise, negotiate a routed request; an error response when one refuses.
  std::optional<fhir::Response> admit(fhir::Request& request) const;
  http::Outcome run(fhir::Request request) const;     // admit, then finish
  http::Outcome finish(fhir::Request request) const;  // handle, conditional, audit
  http::Outcome refuse(fhir::Request request, fhir::Response response) const;

  PipelineParts parts_;
};

}  // namespace gateway::app
