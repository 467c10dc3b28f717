// create, read, vread, update, delete and $expunge over the compartment-scoped store.
#include <charconv>
#include <string>

#include "audit/audit_event.hpp"
#include "fhir/instant.hpp"
#include "fhir/operation_outcome.hpp"
#include "records/interactions.hpp"
#include "records/resource_body.hpp"
#include "records/resource_validation.hpp"
#include "records/store_errors.hpp"
#include "records/version_response.hpp"
#include "records/write_support.hpp"

namespace gateway::records {
namespace {

using fhir::ErrorKind;

std::string name_of(std::string_view type, std::string_view id) {
  return std::string(type) + "/" + std::string(id);
}

fhir::Response store_failure(const storage::StoreError& error, std::string_view type,
                             std::string_view id) {
  return fhir::error_response(to_fhir_error(error, name_of(type, id)));
}

// The parameters of an If-None-Exist header ("identifier=a|b&status=active").
fhir::Result<fhir::QueryParams> condition_params(std::string_view header) {
  auto params = fhir::parse_query(header);
  if (!params || params->empty()) {
    return fhir::make_error(ErrorKind::invalid_request,
                            "If-None-Exist must be a search query such as identifier=system|value",
                            "If-None-Exist");
  }
  return *params;
}

fhir::Response commit_one(const RecordsContext& records, const fhir::Request& request,
                          storage::Transaction& transaction, std::string_view type,
                          std::string_view id, bool if_match_given,
                          const std::vector<fhir::Issue>& warnings) {
  auto committed = transaction.commit();
  if (!committed) {
    const auto& error = committed.error();
    const bool exists = error.kind == storage::StoreErrorKind::version_conflict ||
                        error.kind == storage::StoreErrorKind::duplicate;
    if (exists && !if_match_given && records.config.require_if_match && request.method == "PUT") {
      return fhir::error_response(fhir::make_error(
          ErrorKind::precondition_required,
          name_of(type, id) + " exists: an update must send If-Match with its current version",
          "If-Match"));
    }
    return store_failure(error, type, id);
  }
  const storage::WriteOutcome& outcome = committed->front();
  const int status = outcome.created ? 201 : 200;
  return write_response(status, outcome.version, return_preference(request), records.base_url,
                        warnings);
}

}  // namespace

fhir::Response handle_create(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  auto resource = parse_resource_body(request.body, type, "");
  if (!resource) return fhir::error_response(resource.error());
  const std::string id = new_resource_id();
  fhir::Json stored = with_id(*resource, id);
  auto warnings = validate_for_write(records, stored, strict_handling(request));
  if (!warnings) return fhir::error_response(warnings.error());
  auto write = make_write(records, type, std::move(stored), 0);
  if (!write) return fhir::error_response(write.error());

  auto transaction = (*store)->begin();
  if (auto condition = request.header("if-none-exist")) {
    auto params = condition_params(*condition);
    if (!params) return fhir::error_response(params.error());
    auto query = records.search.parse(type, *params, false);
    if (!query) return fhir::error_response(query.error());
    transaction->put_if_none_exist(std::move(query->query), std::move(*write));
  } else {
    transaction->put(std::move(*write));
  }
  return commit_one(records, request, *transaction, type, id, false, *warnings);
}

fhir::Response handle_read(const RecordsContext& records, std::string_view type,
                           const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  const std::string id(request.path_param("id"));
  auto found = (*store)->read(std::string(type), id);
  if (!found) return store_failure(found.error(), type, id);
  return read_response(*found);
}

fhir::Response handle_vread(const RecordsContext& records, std::string_view type,
                            const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  const std::string id(request.path_param("id"));
  const std::string_view vid = request.path_param("vid");
  std::int64_t version = 0;
  const auto [end, ec] = std::from_chars(vid.data(), vid.data() + vid.size(), version);
  if (ec != std::errc{} || end != vid.data() + vid.size() || version < 1) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::not_found, name_of(type, id) + " has no such version"));
  }
  auto found = (*store)->vread(std::string(type), id, version);
  if (!found) return store_failure(found.error(), type, id);
  if (found->deleted) {
    auto gone = fhir::error_response(fhir::make_error(
        ErrorKind::gone, name_of(type, id) + " version " + std::string(vid) + " is a deletion"));
    gone.set_header("etag", version_etag(*found));
    return gone;
  }
  return read_response(*found);
}

fhir::Response handle_update(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  const std::string id(request.path_param("id"));
  if (!is_valid_id(id)) {
    return fhir::error_response(fhir::make_error(
        ErrorKind::invalid_request, "A FHIR id is 1 to 64 of A-Z, a-z, 0-9, '-' and '.'", "id"));
  }
  std::optional<std::int64_t> expected;
  const auto if_match = request.header("if-match");
  if (if_match) {
    auto version = parse_if_match(*if_match);
    if (!version) return fhir::error_response(version.error());
    expected = *version;
  } else if (records.config.require_if_match) {
    expected = 0;  // only a create by PUT goes without If-Match; an existing id is a 428
  }
  auto resource = parse_resource_body(request.body, type, id);
  if (!resource) return fhir::error_response(resource.error());
  auto warnings = validate_for_write(records, *resource, strict_handling(request));
  if (!warnings) return fhir::error_response(warnings.error());
  auto write = make_write(records, type, std::move(*resource), expected);
  if (!write) return fhir::error_response(write.error());
  auto transaction = (*store)->begin();
  transaction->put(std::move(*write));
  return commit_one(records, request, *transaction, type, id, if_match.has_value(), *warnings);
}

fhir::Response handle_delete(const RecordsContext& records, std::string_view type,
                             const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  const std::string id(request.path_param("id"));
  std::optional<std::int64_t> expected;
  if (const auto if_match = request.header("if-match")) {
    auto version = parse_if_match(*if_match);
    if (!version) return fhir::error_response(version.error());
    expected = *version;
  }
  auto transaction = (*store)->begin();
  transaction->remove(std::string(type), id, expected);
  auto committed = transaction->commit();
  if (!committed) {
    if (committed.error().kind == storage::StoreErrorKind::not_found ||
        committed.error().kind == storage::StoreErrorKind::deleted) {
      return fhir::make_response(204, "", "");  // deleting what is not there is not an error
    }
    return store_failure(committed.error(), type, id);
  }
  fhir::Response response = fhir::make_response(204, "", "");
  response.audit.resources.push_back(name_of(type, id));
  if (committed->front().changed)
    response.set_header("etag", version_etag(committed->front().version));
  return response;
}

fhir::Response handle_expunge(const RecordsContext& records, std::string_view type,
                              const fhir::Request& request) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());
  const std::string id(request.path_param("id"));
  storage::HistoryQuery newest;
  newest.type = std::string(type);
  newest.id = id;
  newest.count = 1;
  auto history = (*store)->history(newest);
  if (!history) return store_failure(history.error(), type, id);
  if (history->versions.empty()) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::not_found, name_of(type, id) + " is not known"));
  }
  fhir::Response response = fhir::make_response(
      200, fhir::make_operation_outcome(
               {{"information", "informational",
                 name_of(type, id) + " and all its versions were expunged", ""}})
               .dump());
  response.audit.resources.push_back(name_of(type, id));
  response.audit.action = "D";
  // The patients of the newest version, so the record stays in their access log even when
  // the Patient itself is erased.
  response.audit.patients = history->versions.front().compartments;
  // The erasure and its AuditEvent commit together: there is never one without the other.
  fhir::Json audit = with_id(audit::audit_event(request.context, response, fhir::now_epoch_ms()),
                             new_resource_id());
  auto audit_write = make_write(records, "AuditEvent", std::move(audit), 0);
  if (!audit_write) return fhir::error_response(audit_write.error());
  auto transaction = (*store)->begin();
  transaction->expunge(std::string(type), id);
  transaction->put(std::move(*audit_write));
  auto committed = transaction->commit();
  if (!committed) return store_failure(committed.error(), type, id);
  response.audit.recorded = true;
  return response;
}

}  // namespace gateway::records
