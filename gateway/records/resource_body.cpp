// Request bodies to resources, refusing what a store must never hold.
#include "records/resource_body.hpp"

#include <string>

namespace gateway::records {
namespace {

using fhir::ErrorKind;

fhir::Error invalid(std::string diagnostics, std::string expression = {}) {
  return fhir::make_error(ErrorKind::invalid_request, std::move(diagnostics),
                          std::move(expression));
}

}  // namespace

fhir::Result<fhir::Json> parse_json_body(std::string_view body) {
  bool too_deep = false;
  fhir::Json::parser_callback_t limit_depth =
      [&too_deep](int depth, fhir::Json::parse_event_t event, fhir::Json&) {
        if ((event == fhir::Json::parse_event_t::object_start ||
             event == fhir::Json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth) {
          too_deep = true;
        }
        return !too_deep;
      };
  fhir::Json value;
  try {
    value = fhir::Json::parse(body.begin(), body.end(), limit_depth, true);
  } catch (const fhir::Json::parse_error& e) {
    if (too_deep) {
      return invalid("The JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    return invalid("The body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const fhir::Json::exception&) {
    return invalid(
        "The body holds a JSON value this server cannot represent (e.g. a number "
        "out of range)");
  }
  if (too_deep) {
    return invalid("The JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  return value;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

fhir::Result<fhir::Json> resource_from_json(fhir::Json value, std::string_view type,
                                            std::string_view path_id) {
  if (!value.is_object()) return invalid("The body must be a JSON object (a FHIR resource)");
  const auto resource_type = value.find("resourceType");
  if (resource_type == value.end() || !resource_type->is_string()) {
    return invalid("The resource has no resourceType", "resourceType");
  }
  if (resource_type->get_ref<const std::string&>() != type) {
    return invalid("The resource is a " + resource_type->get<std::string>() +
                       ", but the URL is for " + std::string(type),
                   "resourceType");
  }
  if (path_id.empty()) {
    value.erase("id");
  } else {
    const auto id = value.find("id");
    if (id == value.end() || !id->is_string()) {
      return invalid("An update must carry the resource id", std::string(type) + ".id");
    }
    if (id->get_ref<const std::string&>() != path_id) {
      return invalid("The resource id does not match the id in the URL", std::string(type) + ".id");
    }
  }
  if (const auto meta = value.find("meta"); meta != value.end()) {
    if (!meta->is_object()) return invalid("meta must be an object", std::string(type) + ".meta");
    meta->erase("versionId");
    meta->erase("lastUpdated");
    if (meta->empty()) value.erase("meta");
  }
  return value;
}

fhir::Result<fhir::Json> parse_resource_body(std::string_view body, std::string_view type,
                                             std::string_view path_id) {
  if (body.empty()) return invalid("The request has no body; a FHIR resource is expected");
  auto parsed = parse_json_body(body);
  if (!parsed) return parsed;
  return resource_from_json(std::move(*parsed), type, path_id);
}

}  // namespace gateway::records
