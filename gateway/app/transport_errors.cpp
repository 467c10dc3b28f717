// TransportError -> ErrorKind and a client-safe message -> OperationOutcome response.
#include "app/transport_errors.hpp"

#include "fhir/operation_outcome.hpp"

namespace gateway::app {

fhir::Response render_transport_error(http::TransportError error) {
  using fhir::ErrorKind;
  using http::TransportError;
  switch (error) {
    case TransportError::malformed_request:
      return fhir::error_response(
          fhir::make_error(ErrorKind::invalid_request, "Malformed HTTP request"));
    case TransportError::malformed_target:
      return fhir::error_response(
          fhir::make_error(ErrorKind::invalid_request, "Malformed request target"));
    case TransportError::header_too_large:
      return fhir::error_response(
          fhir::make_error(ErrorKind::header_too_large, "Request header fields are too large"));
    case TransportError::body_too_large:
      return fhir::error_response(
          fhir::make_error(ErrorKind::payload_too_large, "Request body is too large"));
    case TransportError::request_timeout:
      return fhir::error_response(
          fhir::make_error(ErrorKind::timeout, "The request was not received in time"));
    case TransportError::header_field_in_trailer:
      return fhir::error_response(fhir::make_error(
          ErrorKind::invalid_request,
          "A chunked trailer must not carry credentials, Host, Content-* or X-Request-Id: "
          "send them in the header section"));
    case TransportError::handler_failed:
      return fhir::error_response(
          fhir::make_error(ErrorKind::internal, "Internal error; see the server log"));
    case TransportError::too_many_connections: {
      auto busy = fhir::make_error(ErrorKind::unavailable, "Too many connections");
      busy.headers.push_back({"retry-after", "1"});
      return fhir::error_response(busy);
    }
  }
  return fhir::error_response(fhir::make_error(ErrorKind::internal, "Internal error"));
}

}  // namespace gateway::app
