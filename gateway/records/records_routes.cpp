// Registration of the stored types' routes; every handler runs on the worker pool (it waits
// on the store) and every route is patient data except $expunge, an operation for admins,
// AuditEvent, which only the gateway writes and the access-log scopes read, and Consent,
// the privacy registry under its own scope.
#include "records/records_routes.hpp"

#include "audit/citizen_view.hpp"
#include "records/bundle_interaction.hpp"
#include "records/interactions.hpp"

namespace gateway::records {
namespace {

using fhir::Access;
using fhir::Interaction;

using TypedHandler = fhir::Response (*)(const RecordsContext&, std::string_view,
                                        const fhir::Request&);

fhir::Route route(std::string method, std::string pattern, Interaction interaction,
                  const std::string& type, TypedHandler handler,
                  const std::shared_ptr<const RecordsContext>& records,
                  Access access = Access::patient_data) {
  fhir::Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = [records, type, handler](const fhir::Request& request) {
    return handler(*records, type, request);
  };
  r.access = access;
  r.interaction = interaction;
  r.resource_type = type;
  r.execution = fhir::Execution::worker_pool;
  r.module = "records";
  return r;
}

// The access log's reads: a citizen gets the view without internal fields.
fhir::Response audit_log_read(const RecordsContext& records, std::string_view type,
                              const fhir::Request& request, TypedHandler handler) {
  fhir::Response response = handler(records, type, request);
  if (request.context.citizen_view && response.status == 200) {
    response.body =
        std::make_shared<const std::string>(audit::citizen_view_of_body(response.body_view()));
  }
  return response;
}

// AuditEvent: written only by the gateway itself. Read and searched through the access-log
// scopes; erased only under the audit-admin scope.
void add_audit_event_routes(std::vector<fhir::Route>& routes,
                            const std::shared_ptr<const RecordsContext>& records) {
  const std::string type = "AuditEvent";
  const std::string base = "/fhir/" + type;
  auto audit_route = [&](std::string method, std::string pattern, Interaction interaction,
                         TypedHandler handler) {
    fhir::Route r = route(std::move(method), std::move(pattern), interaction, type, handler,
                          records, Access::audit_log);
    r.handler = [records, type, handler](const fhir::Request& request) {
      return audit_log_read(*records, type, request, handler);
    };
    return r;
  };
  routes.push_back(audit_route("GET", base + "/{id}", Interaction::read, &handle_read));
  routes.push_back(
      audit_route("GET", base + "/{id}/_history/{vid}", Interaction::vread, &handle_vread));
  routes.push_back(audit_route("GET", base, Interaction::search_type, &handle_search));
  fhir::Route post_search =
      audit_route("POST", base + "/_search", Interaction::search_type, &handle_search);
  post_search.accepts = fhir::Body::form;
  routes.push_back(std::move(post_search));
  routes.push_back(route("POST", base + "/{id}/$expunge", Interaction::operation, type,
                         &handle_expunge, records, Access::audit_admin));
}

}  // namespace

const std::vector<std::string>& stored_types() {
  static const std::vector<std::string> kTypes{
      "AllergyIntolerance", "AuditEvent",        "Binary", "Condition", "Consent", "Device",
      "DeviceUseStatement", "DocumentReference", "Flag",   "List",      "Patient", "Procedure"};
  return kTypes;
}

bool is_patient_data_type(std::string_view type) {
  return type != "AuditEvent" && type != "Consent";
}

const std::map<std::string, std::string, std::less<>>& default_profiles() {
  static const std::map<std::string, std::string, std::less<>> kProfiles{
      {"AllergyIntolerance",
       "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-allergyintolerance"},
      {"Consent", "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-consent"},
      {"Patient", "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-patient"},
  };
  return kProfiles;
}

std::vector<fhir::Route> records_routes(fhir::CapabilityRegistry& capabilities,
                                        std::shared_ptr<const RecordsContext> records) {
  std::vector<fhir::Route> routes;
  for (const std::string& type : stored_types()) {
    fhir::ResourceCapability cap;
    cap.type = type;
    if (type == "AuditEvent") {
      add_audit_event_routes(routes, records);
      cap.profile = "http://hl7.org/fhir/StructureDefinition/AuditEvent";
      cap.interactions = {"read", "vread", "search-type"};
      cap.operations.push_back(
          {"expunge", "http://hl7.org/fhir/OperationDefinition/Resource-expunge"});
      records->search.describe(type, cap);
      capabilities.add_resource(std::move(cap));
      continue;
    }
    const std::string base = "/fhir/" + type;
    // Consent is the privacy registry: its own scope, never a patient-data scope.
    const Access access = is_patient_data_type(type) ? Access::patient_data : Access::privacy;
    routes.push_back(
        route("GET", base + "/{id}", Interaction::read, type, &handle_read, records, access));
    routes.push_back(route("GET", base + "/{id}/_history/{vid}", Interaction::vread, type,
                           &handle_vread, records, access));
    routes.push_back(
        route("GET", base, Interaction::search_type, type, &handle_search, records, access));
    fhir::Route post_search = route("POST", base + "/_search", Interaction::search_type, type,
                                    &handle_search, records, access);
    post_search.accepts = fhir::Body::form;
    routes.push_back(std::move(post_search));
    routes.push_back(
        route("POST", base, Interaction::create, type, &handle_create, records, access));
    routes.push_back(
        route("PUT", base + "/{id}", Interaction::update, type, &handle_update, records, access));
    routes.push_back(route("DELETE", base + "/{id}", Interaction::delete_, type, &handle_delete,
                           records, access));
    routes.push_back(route("GET", base + "/{id}/_history", Interaction::history_instance, type,
                           &handle_history, records, access));
    routes.push_back(route("GET", base + "/_history", Interaction::history_type, type,
                           &handle_history, records, access));
    routes.push_back(route("POST", base + "/{id}/$expunge", Interaction::operation, type,
                           &handle_expunge, records, Access::admin));
    routes.push_back(route("POST", base + "/$validate", Interaction::operation, type,
                           &handle_validate, records, access));

    const auto profile = default_profiles().find(type);
    cap.profile = profile != default_profiles().end()
                      ? profile->second
                      : "http://hl7.org/fhir/StructureDefinition/" + type;
    if (profile != default_profiles().end()) cap.supported_profiles.push_back(profile->second);
    cap.interactions = {"read",   "vread",       "update",           "delete",
                        "create", "search-type", "history-instance", "history-type"};
    cap.read_history = true;
    cap.operations.push_back(
        {"expunge", "http://hl7.org/fhir/OperationDefinition/Resource-expunge"});
    cap.operations.push_back(
        {"validate", "http://hl7.org/fhir/OperationDefinition/Resource-validate"});
    records->search.describe(type, cap);
    capabilities.add_resource(std::move(cap));
  }
  fhir::Route bundle;
  bundle.method = "POST";
  bundle.pattern = "/fhir";
  bundle.handler = [records](const fhir::Request& request) {
    return handle_bundle(*records, request);
  };
  bundle.access = Access::patient_data;
  bundle.interaction = Interaction::transaction;
  bundle.execution = fhir::Execution::worker_pool;
  bundle.module = "records";
  routes.push_back(std::move(bundle));
  fhir::Route validate =
      route("POST", "/fhir/$validate", Interaction::operation, "", &handle_validate, records);
  routes.push_back(std::move(validate));
  capabilities.add_system_operation(
      {"validate", "http://hl7.org/fhir/OperationDefinition/Resource-validate"});
  return routes;
}

}  // namespace gateway::records
