// The route table: (method, path pattern) -> handler, with the metadata that metrics,
// the trust layer and the CapabilityStatement need.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/request.hpp"
#include "fhir/response.hpp"

namespace gateway::fhir {

using Handler = std::function<Response(const Request&)>;

// What kind of data a route exposes; the trust layer maps each to a configured policy.
enum class Access {
  open,          // health, metrics, metadata: no token
  grunndata,     // medication master data: may be readable by machine tokens
  patient_data,  // needs a practitioner with a care relationship
  admin,         // operations (reload): its own scope
  audit_log,     // the access log (AuditEvent read/search): supervisors, or a citizen's own
  audit_admin,   // erasing audit records ($expunge on AuditEvent): a scope of its own
  privacy,       // the privacy registry (Consent: reservations, blocks): a scope of its own
};

enum class Interaction {
  read,
  vread,
  search_type,
  create,
  update,
  patch,
  delete_,
  history_instance,
  history_type,
  transaction,  // batch and transaction Bundles at the base
  capabilities,
  operation,
  other,
};

// Which request bodies a route takes (checked against Content-Type by the negotiate stage).
enum class Body {
  fhir_json,  // application/fhir+json, application/json (or no body)
  form,       // application/x-www-form-urlencoded (or no body): POST _search
};

// Where the handler runs: on the I/O thread (in-memory work of microseconds) or on the
// bounded worker pool (anything that may block: storage, network, large parsing).
enum class Execution { inline_io, worker_pool };

std::string_view interaction_code(Interaction interaction);  // FHIR code, e.g. "search-type"
std::string_view access_name(Access access);                 // "open", "grunndata", ...

// One entry of the route table: what it serves and what it needs. The pipeline's stages read
// the policy from here (access: which token and scope; accepts: which bodies; execution:
// where the handler runs); handlers never decide these themselves.
struct Route {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // "/fhir/Patient/{id}"; also the route template in metrics and logs
  Handler handler;
  Access access = Access::open;
  Interaction interaction = Interaction::other;
  std::string resource_type;  // empty unless the route serves a FHIR resource type
  Body accepts = Body::fhir_json;
  Execution execution = Execution::inline_io;
  std::string module;  // the module that registered it ("core", "medication", ...)
};

// One line of `fhir-gateway --routes`: method, pattern, access, interaction, execution, module.
std::string describe_route(const Route& route);

struct RouteMatch {
  enum class Outcome { found, not_found, method_not_allowed };
  Outcome outcome = Outcome::not_found;
  const Route* route = nullptr;  // set when found
  std::size_t route_index = 0;   // stable index of the route, for metrics
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string allow;  // "GET, POST" when method_not_allowed
};

class Router {
 public:
  // Patterns are '/'-separated; a segment "{name}" matches any one non-empty segment.
  // A literal segment wins over a parameter segment at the same position.
  void add(Route route);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // split pattern per route
};

}  // namespace gateway::fhir
