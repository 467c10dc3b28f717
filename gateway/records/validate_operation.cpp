// $validate (OperationDefinition Resource-validate): the resource in the body, or a
// Parameters with `resource`, `profile` and `mode`, checked by the module's validator and
// answered with 200 and the OperationOutcome of what was found. Nothing is stored.
#include "fhir/operation_outcome.hpp"
#include "records/interactions.hpp"
#include "records/resource_body.hpp"
#include "validation/validator.hpp"

namespace gateway::records {
namespace {

using fhir::ErrorKind;
using fhir::Json;

struct ValidateRequest {
  Json resource;  // null in mode delete without a resource
  std::string profile;
  std::string mode;
};

std::string string_value(const Json& parameter) {
  for (const char* key : {"valueUri", "valueCanonical", "valueUrl", "valueString", "valueCode"}) {
    if (const auto found = parameter.find(key); found != parameter.end() && found->is_string()) {
      return found->get<std::string>();
    }
  }
  return {};
}

fhir::Result<ValidateRequest> read_parameters(const Json& parameters) {
  ValidateRequest out;
  const auto list = parameters.find("parameter");
  if (list == parameters.end() || !list->is_array()) {
    return fhir::make_error(ErrorKind::invalid_request, "Parameters.parameter is missing",
                            "Parameters.parameter");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& parameter = (*list)[i];
    const std::string where = "Parameters.parameter[" + std::to_string(i) + "]";
    const std::string name = parameter.is_object() ? parameter.value("name", "") : "";
    if (name == "resource" && parameter.contains("resource")) {
      out.resource = parameter["resource"];
    } else if (name == "profile") {
      out.profile = string_value(parameter);
    } else if (name == "mode") {
      out.mode = string_value(parameter);
    } else {
      return fhir::make_error(ErrorKind::invalid_request,
                              "unknown parameter '" + name + "' (resource, profile, mode)", where);
    }
  }
  return out;
}

fhir::Result<ValidateRequest> read_request(const fhir::Request& request) {
  auto body = parse_json_body(request.body);
  if (!body) return std::move(body).take_error();
  ValidateRequest out;
  if (body->is_object() && body->value("resourceType", "") == "Parameters") {
    auto parameters = read_parameters(*body);
    if (!parameters) return parameters;
    out = std::move(*parameters);
  } else {
    out.resource = std::move(*body);
  }
  if (auto profile = request.query_param("profile")) out.profile = std::string(*profile);
  if (auto mode = request.query_param("mode")) out.mode = std::string(*mode);
  if (!out.mode.empty() && out.mode != "create" && out.mode != "update" && out.mode != "delete") {
    return fhir::make_error(ErrorKind::invalid_request, "mode must be create, update or delete",
                            "mode");
  }
  if (out.resource.is_null() && out.mode != "delete") {
    return fhir::make_error(ErrorKind::invalid_request, "no resource to validate", "resource");
  }
  return out;
}

}  // namespace

fhir::Response handle_validate(const RecordsContext& records, std::string_view type,
                               const fhir::Request& request) {
  auto input = read_request(request);
  if (!input) return fhir::error_response(input.error());
  std::vector<fhir::Issue> issues;
  if (!input->resource.is_null()) {
    if (!type.empty() && input->resource.is_object() &&
        input->resource.value("resourceType", "") != type) {
      return fhir::error_response(fhir::make_error(
          ErrorKind::invalid_request,
          "the resource is not a " + std::string(type) + " (resourceType)", "resourceType"));
    }
    issues = records.validator.validate(input->resource, input->profile);
    if (input->mode == "update" && input->resource.is_object() && !input->resource.contains("id")) {
      issues.push_back({"error", "required", "an update needs the resource's id",
                        input->resource.value("resourceType", "") + ".id"});
    }
  }
  if (issues.empty()) {
    issues.push_back(
        {"information", "informational",
         input->mode == "delete" ? "nothing here prevents the deletion" : "no issues found", ""});
  }
  return fhir::make_response(200, fhir::make_operation_outcome(issues).dump(
                                      -1, ' ', false, fhir::Json::error_handler_t::replace));
}

}  // namespace gateway::records
