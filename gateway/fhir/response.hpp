// The transport-neutral HTTP response that every handler returns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/request.hpp"

namespace gateway::fhir {

inline constexpr std::string_view kFhirJson = "application/fhir+json; charset=utf-8";

// What a patient-data handler touched, for its audit record; never sent.
struct AuditTrail {
  std::vector<std::string> resources;  // "Type/id" of each resource read or written
  std::string query;                   // a search's query string, as received
  // Compartment keys of patients the request concerned beyond the attested ones (e.g. the
  // patients of a resource an operation erased): Patient/<id> or identifier:<system>|<value>.
  std::vector<std::string> patients;
  std::string action;     // C R U D E when not the interaction's ($expunge: D)
  bool recorded = false;  // the handler wrote its own audit record (atomically)
};

struct Response {
  int status = 200;
  std::vector<Header> headers;  // names lower-case; content-type is set from `content_type`
  std::string content_type;
  // Shared so that cached bytes (metadata, catalog resources) are sent without copying.
  std::shared_ptr<const std::string> body;
  AuditTrail audit;

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::string_view body_view() const { return body ? std::string_view(*body) : std::string_view(); }
};

Response make_response(int status, std::string body, std::string_view content_type = kFhirJson);
Response make_shared_response(int status, std::shared_ptr<const std::string> body,
                              std::string_view content_type = kFhirJson);

}  // namespace gateway::fhir
