// Read and search handlers over the catalog in service, and their registration.
#include "medication/medication_routes.hpp"

#include "fhir/operation_outcome.hpp"
#include "medication/index/search_parameters.hpp"
#include "medication/search/execution.hpp"
#include "medication/search/query.hpp"
#include "medication/search/searchset_writer.hpp"

namespace gateway::medication {
namespace {

using fhir::ErrorKind;

fhir::Response not_loaded() {
  return fhir::error_response(
      fhir::make_error(ErrorKind::unavailable, "The medication catalog is not loaded yet"));
}

fhir::Response search_with(const CatalogService& service, const MedicationConfig& config,
                           ResourceType type, const fhir::Request& request,
                           const fhir::QueryParams& params) {
  auto catalog = service.current();
  if (!catalog) return not_loaded();
  auto query = parse_search_query(type, params, fhir::prefers_lenient(request), config.paging);
  if (!query) return fhir::error_response(query.error());
  const SearchPage page = execute_search(*catalog, *query, config.max_include);
  return fhir::make_response(200, write_searchset(*catalog, *query, page, config.public_base_url));
}

fhir::ResourceCapability capability_of(ResourceType type) {
  fhir::ResourceCapability cap;
  cap.type = std::string(type_name(type));
  cap.profile = "http://hl7.org/fhir/StructureDefinition/" + cap.type;
  cap.supported_profiles = {profile_url(type)};
  cap.interactions = {"read", "search-type"};
  for (const auto& spec : search_params(type)) {
    cap.search_params.push_back({std::string(spec.code), std::string(param_type_name(spec.type)),
                                 search_param_url(type, spec.code), std::string(spec.description)});
    if (spec.type == ParamType::reference)
      cap.search_includes.push_back(cap.type + ":" + std::string(spec.code));
  }
  for (ResourceType source : kAllResourceTypes) {
    for (const auto& spec : search_params(source)) {
      if (spec.type != ParamType::reference) continue;
      for (ResourceType target : spec.targets) {
        if (target == type) {
          cap.search_rev_includes.push_back(std::string(type_name(source)) + ":" +
                                            std::string(spec.code));
        }
      }
    }
  }
  return cap;
}

}  // namespace

fhir::Response handle_read(const CatalogService& service, ResourceType type,
                           const fhir::Request& request) {
  auto catalog = service.current();
  if (!catalog) return not_loaded();
  const std::string_view id = request.path_param("id");
  const StoredResource* stored = catalog->find(type, id);
  if (!stored) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::not_found,
                         std::string(type_name(type)) + "/" + std::string(id) + " is not known"));
  }
  fhir::Response response = fhir::make_shared_response(200, stored->resource.json);
  response.set_header("etag", stored->etag);
  response.set_header("last-modified", stored->last_modified);
  return response;
}

fhir::Response handle_search(const CatalogService& service, const MedicationConfig& config,
                             ResourceType type, const fhir::Request& request) {
  return search_with(service, config, type, request, request.query);
}

fhir::Response handle_post_search(const CatalogService& service, const MedicationConfig& config,
                                  ResourceType type, const fhir::Request& request) {
  auto body = fhir::parse_query(request.body);
  if (!body) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::invalid_request, "Malformed form body"));
  }
  fhir::QueryParams params = request.query;
  params.insert(params.end(), body->begin(), body->end());
  return search_with(service, config, type, request, params);
}

std::vector<fhir::Route> medication_routes(fhir::CapabilityRegistry& capabilities,
                                           std::shared_ptr<const CatalogService> service,
                                           const MedicationConfig& config) {
  std::vector<fhir::Route> routes;
  for (ResourceType type : kAllResourceTypes) {
    const std::string name(type_name(type));
    fhir::Route read{
        "GET",
        "/fhir/" + name + "/{id}",
        [service, type](const fhir::Request& r) { return handle_read(*service, type, r); },
        fhir::Access::grunndata,
        fhir::Interaction::read,
        name};
    fhir::Route search{"GET",
                       "/fhir/" + name,
                       [service, config, type](const fhir::Request& r) {
                         return handle_search(*service, config, type, r);
                       },
                       fhir::Access::grunndata,
                       fhir::Interaction::search_type,
                       name};
    fhir::Route post_search{"POST",
                            "/fhir/" + name + "/_search",
                            [service, config, type](const fhir::Request& r) {
                              return handle_post_search(*service, config, type, r);
                            },
                            fhir::Access::grunndata,
                            fhir::Interaction::search_type,
                            name};
    post_search.accepts = fhir::Body::form;
    routes.push_back(std::move(read));
    routes.push_back(std::move(search));
    routes.push_back(std::move(post_search));
    capabilities.add_resource(capability_of(type));
  }
  return routes;
}

}  // namespace gateway::medication
