// What the transport and the application say to each other: the application handles each
// request and answers through a Respond callback (from any thread); the transport reports
// its own failures as typed errors, which the application renders; after each exchange the
// application is told how it went (access log, audit).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "fhir/request.hpp"
#include "fhir/response.hpp"

namespace gateway::http {

// The response plus the request's context, which logs and metrics read.
struct Outcome {
  fhir::Response response;
  fhir::RequestContext context;
};

// Delivers the outcome of one request. Callable once, from any thread: the connection
// continues on its own I/O thread.
using Respond = std::function<void(Outcome)>;

// Called on the connection's I/O thread for each request. It must not block: work that may
// block goes to a worker pool, which calls `respond` when done.
using RequestHandler = std::function<void(fhir::Request request, Respond respond)>;

// Failures of the transport itself.
enum class TransportError {
  malformed_request,     // the HTTP parser refused the bytes
  malformed_target,      // the request-target could not be decoded
  header_too_large,      // over max_header_bytes
  body_too_large,        // over max_body_bytes
  request_timeout,       // the request did not arrive within request_timeout
  too_many_connections,  // over max_connections
  handler_failed,        // the request handler threw instead of answering
  // a chunked trailer named a field that may only be sent in the header section
  // (Authorization, DPoP, Host, Content-*, X-Request-Id, ...; RFC 9110 §6.5)
  header_field_in_trailer,
};
using ErrorRenderer = std::function<fhir::Response(TransportError)>;

// One finished exchange, after the response was written (or the write failed).
struct Exchange {
  const fhir::RequestContext& context;
  std::string_view method;  // "-" when the request could not be parsed
  int status = 0;
  std::int64_t duration_us = 0;
  std::uint64_t bytes = 0;  // body bytes sent
};
using ExchangeObserver = std::function<void(const Exchange&)>;

// Everything the application gives the transport.
struct Handlers {
  RequestHandler handle;
  ErrorRenderer render_error;
  ExchangeObserver on_exchange;  // may be empty
};

}  // namespace gateway::http
