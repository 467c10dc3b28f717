// Batch and transaction Bundles over the stored types.
#include "records/bundle_interaction.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fhir/instant.hpp"
#include "fhir/operation_outcome.hpp"
#include "records/interactions.hpp"
#include "records/records_routes.hpp"
#include "records/resource_body.hpp"
#include "records/resource_validation.hpp"
#include "records/store_errors.hpp"
#include "records/version_response.hpp"
#include "records/write_support.hpp"

namespace gateway::records {
namespace {

using fhir::ErrorKind;
using fhir::Json;

fhir::Error invalid_entry(std::size_t index, std::string what, std::string element = "request") {
  return fhir::make_error(ErrorKind::invalid_request, std::move(what),
                          "Bundle.entry[" + std::to_string(index) + "]." + element);
}

// One entry's request: method, the URL split into type, id and query.
struct EntryRequest {
  std::size_t index = 0;
  std::string method;
  std::string type;
  std::string id;
  fhir::QueryParams query;
  std::string full_url;                      // entry.fullUrl (urn:uuid:… for new resources)
  std::optional<std::int64_t> if_match;      // request.ifMatch
  std::optional<std::string> if_none_exist;  // request.ifNoneExist
  Json resource;                             // POST / PUT
};

fhir::Result<EntryRequest> read_entry(const Json& entry, std::size_t index) {
  EntryRequest out;
  out.index = index;
  if (!entry.is_object()) return invalid_entry(index, "A Bundle entry must be an object", "");
  const auto request = entry.find("request");
  if (request == entry.end() || !request->is_object()) {
    return invalid_entry(index, "A batch or transaction entry needs a request");
  }
  const auto method = request->find("method");
  const auto url = request->find("url");
  if (method == request->end() || !method->is_string() || url == request->end() ||
      !url->is_string()) {
    return invalid_entry(index, "entry.request needs a method and a url");
  }
  out.method = method->get<std::string>();
  std::string target = url->get<std::string>();
  if (const auto q = target.find('?'); q != std::string::npos) {
    auto params = fhir::parse_query(std::string_view(target).substr(q + 1));
    if (!params)
      return invalid_entry(index, "entry.request.url has a malformed query", "request.url");
    out.query = std::move(*params);
    target.resize(q);
  }
  const auto slash = target.find('/');
  out.type = target.substr(0, slash);
  if (slash != std::string::npos) out.id = target.substr(slash + 1);
  if (out.type.empty() || out.id.find('/') != std::string::npos ||
      (!out.id.empty() && !is_valid_id(out.id))) {
    return invalid_entry(index, "entry.request.url must be Type, Type/id or Type?query",
                         "request.url");
  }
  if (!is_patient_data_type(out.type)) {
    return fhir::make_error(ErrorKind::forbidden,
                            out.type + " is not reachable through a patient-data Bundle",
                            "Bundle.entry[" + std::to_string(index) + "].request.url");
  }
  if (const auto full = entry.find("fullUrl"); full != entry.end() && full->is_string()) {
    out.full_url = full->get<std::string>();
  }
  if (const auto m = request->find("ifMatch"); m != request->end() && m->is_string()) {
    auto version = parse_if_match(m->get<std::string>());
    if (!version) return invalid_entry(index, version.error().diagnostics, "request.ifMatch");
    out.if_match = *version;
  }
  if (const auto n = request->find("ifNoneExist"); n != request->end() && n->is_string()) {
    out.if_none_exist = n->get<std::string>();
  }
  const bool needs_resource = out.method == "POST" || out.method == "PUT";
  if (needs_resource) {
    const auto resource = entry.find("resource");
    if (resource == entry.end())
      return invalid_entry(index, "A POST or PUT entry needs a resource", "");
    auto checked = resource_from_json(*resource, out.type, out.method == "PUT" ? out.id : "");
    if (!checked) return invalid_entry(index, checked.error().diagnostics, "resource");
    out.resource = std::move(*checked);
  }
  if (out.method == "POST" && !out.id.empty()) {
    return invalid_entry(index, "POST goes to the type, not to an id", "request.url");
  }
  if ((out.method == "PUT" || out.method == "DELETE") && out.id.empty()) {
    return invalid_entry(index, "Conditional PUT and DELETE are not supported; give Type/id",
                         "request.url");
  }
  if (out.method != "GET" && out.method != "POST" && out.method != "PUT" &&
      out.method != "DELETE") {
    return invalid_entry(index, "entry.request.method must be GET, POST, PUT or DELETE",
                         "request.method");
  }
  return out;
}

// Replaces every "reference" member equal to a key of `ids` by its value, anywhere in `json`.
void rewrite_references(Json& json, const std::map<std::string, std::string>& ids) {
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (it.key() == "reference" && it->is_string()) {
        if (const auto found = ids.find(it->get<std::string>()); found != ids.end()) {
          *it = found->second;
        }
      } else {
        rewrite_references(*it, ids);
      }
    }
  } else if (json.is_array()) {
    for (auto& item : json) rewrite_references(item, ids);
  }
}

// The first "reference" still naming a urn: (one no entry of the transaction stands for).
std::optional<std::string> first_urn_reference(const Json& json) {
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (it.key() == "reference" && it->is_string() &&
          it->get_ref<const std::string&>().rfind("urn:", 0) == 0) {
        return it->get<std::string>();
      }
      if (auto inner = first_urn_reference(*it)) return inner;
    }
  } else if (json.is_array()) {
    for (const auto& item : json) {
      if (auto inner = first_urn_reference(item)) return inner;
    }
  }
  return std::nullopt;
}

// Every "reference" that is a conditional reference (Type?query).
void collect_conditional_references(const Json& json, std::set<std::string>& out) {
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (it.key() == "reference" && it->is_string()) {
        const auto& text = it->get_ref<const std::string&>();
        if (text.find('?') != std::string::npos && text.rfind("urn:", 0) != 0) out.insert(text);
      } else {
        collect_conditional_references(*it, out);
      }
    }
  } else if (json.is_array()) {
    for (const auto& item : json) collect_conditional_references(item, out);
  }
}

// The one resource a search finds, as Type/id; 412 for none or several.
fhir::Result<std::string> resolve_one(const RecordsContext& records, storage::ResourceStore& store,
                                      std::string_view type, const fhir::QueryParams& params,
                                      std::string_view what) {
  auto parsed = records.search.parse(type, params, false);
  if (!parsed) return std::move(parsed).take_error();
  parsed->query.count = 2;
  parsed->query.total = storage::TotalMode::none;
  parsed->query.single_page = true;
  auto page = store.search(parsed->query);
  if (!page) return to_fhir_error(page.error(), std::string(what));
  if (page->matches.size() != 1) {
    return fhir::make_error(
        ErrorKind::precondition_failed,
        std::string(what) +
            (page->matches.empty() ? " matches nothing" : " matches more than one resource"));
  }
  return page->matches.front().type + "/" + page->matches.front().id;
}

std::string status_line(int status) {
  switch (status) {
    case 200:
      return "200 OK";
    case 201:
      return "201 Created";
    case 204:
      return "204 No Content";
    case 400:
      return "400 Bad Request";
    case 403:
      return "403 Forbidden";
    case 404:
      return "404 Not Found";
    case 409:
      return "409 Conflict";
    case 410:
      return "410 Gone";
    case 412:
      return "412 Precondition Failed";
    case 422:
      return "422 Unprocessable Entity";
    case 428:
      return "428 Precondition Required";
    case 503:
      return "503 Service Unavailable";
    default:
      return std::to_string(status);
  }
}

Json response_entry(const RecordsContext& records, const fhir::Response& response) {
  Json entry = Json::object();
  Json answer = Json::object();
  answer["status"] = status_line(response.status);
  if (auto location = response.header("location")) answer["location"] = std::string(*location);
  if (auto etag = response.header("etag")) answer["etag"] = std::string(*etag);
  const auto body = response.body_view();
  if (!body.empty()) {
    Json parsed = Json::parse(body, nullptr, false);
    if (!parsed.is_discarded()) {
      const auto type = parsed.find("resourceType");
      const bool outcome = type != parsed.end() && type->is_string() && *type == "OperationOutcome";
      if (response.status >= 400 || outcome) {
        answer["outcome"] = std::move(parsed);
      } else {
        entry["resource"] = std::move(parsed);
      }
    }
  }
  (void)records;
  entry["response"] = std::move(answer);
  return entry;
}

Json version_entry(const RecordsContext& records, const storage::WriteOutcome& outcome,
                   ReturnPreference preference) {
  Json entry = Json::object();
  const auto& v = outcome.version;
  if (!outcome.changed && v.version == 0) {  // deleting what was not there
    entry["response"] = {{"status", "204 No Content"}};
    return entry;
  }
  if (!v.deleted) entry["fullUrl"] = records.base_url + "/" + v.type + "/" + v.id;
  if (!v.deleted && !v.json.empty() && preference == ReturnPreference::representation) {
    entry["resource"] = Json::parse(v.json);
  }
  Json answer = Json::object();
  answer["status"] = v.deleted || !outcome.changed ? (v.deleted ? "204 No Content" : "200 OK")
                                                   : (outcome.created ? "201 Created" : "200 OK");
  if (!v.deleted)
    answer["location"] = v.type + "/" + v.id + "/_history/" + std::to_string(v.version);
  if (v.version > 0) answer["etag"] = version_etag(v);
  if (v.last_updated > 0) answer["lastModified"] = fhir::format_instant(v.last_updated);
  entry["response"] = std::move(answer);
  return entry;
}

Json response_bundle(std::string_view type, Json entries) {
  Json bundle = Json::object();
  bundle["resourceType"] = "Bundle";
  bundle["type"] = std::string(type);
  bundle["entry"] = std::move(entries);
  return bundle;
}

// A sub-request for the single-entry handlers, carrying the caller's context.
fhir::Request entry_as_request(const fhir::Request& outer, const EntryRequest& entry) {
  fhir::Request r;
  r.method = entry.method;
  r.path = "/" + entry.type + (entry.id.empty() ? "" : "/" + entry.id);
  r.query = entry.query;
  r.context = outer.context;
  for (const auto& header : outer.headers) {
    if (header.name == "prefer") r.headers.push_back(header);
  }
  if (entry.if_match)
    r.headers.push_back({"if-match", "W/\"" + std::to_string(*entry.if_match) + "\""});
  if (entry.if_none_exist) r.headers.push_back({"if-none-exist", *entry.if_none_exist});
  if (!entry.id.empty()) r.path_params.emplace_back("id", entry.id);
  if (!entry.resource.is_null()) r.body = entry.resource.dump();
  return r;
}

fhir::Response run_entry(const RecordsContext& records, const fhir::Request& outer,
                         const EntryRequest& entry) {
  const fhir::Request r = entry_as_request(outer, entry);
  if (entry.method == "GET") {
    return entry.id.empty() ? handle_search(records, entry.type, r)
                            : handle_read(records, entry.type, r);
  }
  if (entry.method == "POST") return handle_create(records, entry.type, r);
  if (entry.method == "PUT") return handle_update(records, entry.type, r);
  return handle_delete(records, entry.type, r);
}

// One entry of a batch; a failure of one entry never takes the others with it.
fhir::Response run_entry_of_batch(const RecordsContext& records, const fhir::Request& request,
                                  const EntryRequest& entry) {
  try {
    return run_entry(records, request, entry);
  } catch (const std::exception&) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::internal, "This entry failed", "", "batch entry threw"));
  }
}

fhir::Response run_batch(const RecordsContext& records, const fhir::Request& request,
                         const std::vector<EntryRequest>& entries) {
  Json out = Json::array();
  std::vector<std::string> touched;
  for (const auto& entry : entries) {
    fhir::Response answer = run_entry_of_batch(records, request, entry);
    touched.insert(touched.end(), answer.audit.resources.begin(), answer.audit.resources.end());
    out.push_back(response_entry(records, std::move(answer)));
  }
  fhir::Response response =
      fhir::make_response(200, response_bundle("batch-response", std::move(out)).dump());
  response.audit.resources = std::move(touched);
  return response;
}

int processing_rank(const std::string& method) {
  if (method == "DELETE") return 0;
  if (method == "POST") return 1;
  if (method == "PUT") return 2;
  return 3;  // GET after every write
}

fhir::Response run_transaction(const RecordsContext& records, const fhir::Request& request,
                               std::vector<EntryRequest> entries) {
  auto store = request_store(records, request);
  if (!store) return fhir::error_response(store.error());

  // New ids for POST entries; urn:uuid: full URLs map to them.
  std::map<std::string, std::string> ids;
  std::set<std::string> written;
  for (auto& entry : entries) {
    if (entry.method == "GET") continue;
    if (entry.method == "POST") entry.id = new_resource_id();
    const std::string key = entry.type + "/" + entry.id;
    if (!written.insert(key).second) {
      return fhir::error_response(
          invalid_entry(entry.index, key + " appears twice in the transaction"));
    }
    if (entry.full_url.rfind("urn:uuid:", 0) == 0 || entry.full_url.rfind("urn:oid:", 0) == 0) {
      if (!ids.emplace(entry.full_url, key).second) {
        return fhir::error_response(invalid_entry(
            entry.index, entry.full_url + " is the fullUrl of two entries", "fullUrl"));
      }
    }
  }
  // Conditional creates that find their match create nothing: their fullUrl stands for the
  // match, so references to it point at what exists.
  std::vector<bool> matched(entries.size(), false);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EntryRequest& entry = entries[i];
    if (entry.method != "POST" || !entry.if_none_exist) continue;
    auto params = fhir::parse_query(*entry.if_none_exist);
    if (!params) return fhir::error_response(invalid_entry(entry.index, "Malformed ifNoneExist"));
    auto parsed = records.search.parse(entry.type, *params, false);
    if (!parsed) return fhir::error_response(parsed.error());
    parsed->query.count = 2;
    parsed->query.total = storage::TotalMode::none;
    parsed->query.single_page = true;
    auto found = (*store)->search(parsed->query);
    if (!found) return fhir::error_response(to_fhir_error(found.error(), "ifNoneExist"));
    if (found->matches.size() > 1) {
      return fhir::error_response(
          invalid_entry(entry.index, "ifNoneExist matches more than one resource", "request"));
    }
    if (found->matches.size() == 1) {
      matched[i] = true;
      const auto& match = found->matches.front();
      if (!entry.full_url.empty()) ids[entry.full_url] = match.type + "/" + match.id;
      entry.id = match.id;
    }
  }
  // Conditional references, each resolved once to the one resource it finds.
  std::set<std::string> conditional;
  for (const auto& entry : entries) collect_conditional_references(entry.resource, conditional);
  for (const auto& reference : conditional) {
    const auto q = reference.find('?');
    auto params = fhir::parse_query(std::string_view(reference).substr(q + 1));
    if (!params) {
      return fhir::error_response(fhir::make_error(ErrorKind::invalid_request,
                                                   "Malformed conditional reference " + reference));
    }
    auto resolved = resolve_one(records, **store, reference.substr(0, q), *params, reference);
    if (!resolved) return fhir::error_response(resolved.error());
    ids[reference] = *resolved;
  }

  std::vector<std::size_t> order(entries.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return processing_rank(entries[a].method) < processing_rank(entries[b].method);
  });

  const bool strict = strict_handling(request);
  std::vector<std::vector<fhir::Issue>> warnings(entries.size());
  auto transaction = (*store)->begin();
  std::vector<std::size_t> written_order;  // entry index of each store operation
  for (std::size_t i : order) {
    EntryRequest& entry = entries[i];
    if (entry.method == "GET" || matched[i]) continue;
    if (entry.method == "DELETE") {
      transaction->remove(entry.type, entry.id, entry.if_match);
      written_order.push_back(i);
      continue;
    }
    rewrite_references(entry.resource, ids);
    if (auto dangling = first_urn_reference(entry.resource)) {
      return fhir::error_response(invalid_entry(
          entry.index, "The reference " + *dangling + " names no entry of the transaction",
          "resource"));
    }
    std::optional<std::int64_t> expected = entry.if_match;
    if (entry.method == "POST") expected = 0;
    if (entry.method == "PUT" && !expected && records.config.require_if_match) expected = 0;
    Json stored = with_id(entry.resource, entry.id);
    auto checked = validate_for_write(records, stored, strict,
                                      "Bundle.entry[" + std::to_string(entry.index) + "].resource");
    if (!checked) return fhir::error_response(checked.error());
    warnings[i] = std::move(*checked);
    auto write = make_write(records, entry.type, std::move(stored), expected);
    if (!write) {
      auto error = write.error();
      error.expression = "Bundle.entry[" + std::to_string(entry.index) + "].resource";
      return fhir::error_response(error);
    }
    if (entry.method == "POST" && entry.if_none_exist) {
      auto params = fhir::parse_query(*entry.if_none_exist);
      if (!params) return fhir::error_response(invalid_entry(entry.index, "Malformed ifNoneExist"));
      auto condition = records.search.parse(entry.type, *params, false);
      if (!condition) return fhir::error_response(condition.error());
      transaction->put_if_none_exist(std::move(condition->query), std::move(*write));
    } else {
      transaction->put(std::move(*write));
    }
    written_order.push_back(i);
  }
  auto committed = transaction->commit();
  if (!committed) {
    auto error = to_fhir_error(committed.error(), "a resource of the transaction");
    const auto kind = committed.error().kind;
    const bool put_without_if_match =
        std::any_of(entries.begin(), entries.end(),
                    [](const EntryRequest& e) { return e.method == "PUT" && !e.if_match; });
    if ((kind == storage::StoreErrorKind::version_conflict ||
         kind == storage::StoreErrorKind::duplicate) &&
        put_without_if_match && records.config.require_if_match) {
      error = fhir::make_error(ErrorKind::precondition_required,
                               "A PUT entry updates an existing resource without ifMatch; "
                               "nothing was written",
                               "Bundle.entry.request.ifMatch");
    } else if (kind == storage::StoreErrorKind::version_conflict) {
      error.diagnostics =
          "A resource of the transaction is not at the version its entry expected; "
          "nothing was written";
    }
    return fhir::error_response(error);
  }
  const ReturnPreference preference = return_preference(request);
  std::vector<Json> answers(entries.size());
  std::vector<std::string> touched;
  for (std::size_t k = 0; k < written_order.size() && k < committed->size(); ++k) {
    const std::size_t i = written_order[k];
    const storage::StoredVersion& version = (*committed)[k].version;
    touched.push_back(version.type + "/" + version.id);
    answers[i] = version_entry(records, (*committed)[k], preference);
    if (!warnings[i].empty()) {
      answers[i]["response"]["outcome"] = fhir::make_operation_outcome(warnings[i]);
    }
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    fhir::Response answer;
    if (entries[i].method == "GET") {
      answer = run_entry(records, request, entries[i]);
    } else if (matched[i]) {
      fhir::Request read = entry_as_request(request, entries[i]);
      read.method = "GET";
      read.path_params = {{"id", entries[i].id}};
      answer = handle_read(records, entries[i].type, read);
    } else {
      continue;
    }
    touched.insert(touched.end(), answer.audit.resources.begin(), answer.audit.resources.end());
    answers[i] = response_entry(records, std::move(answer));
  }
  Json out = Json::array();
  for (auto& answer : answers) out.push_back(std::move(answer));
  fhir::Response response =
      fhir::make_response(200, response_bundle("transaction-response", std::move(out)).dump());
  response.audit.resources = std::move(touched);
  return response;
}

}  // namespace

fhir::Response handle_bundle(const RecordsContext& records, const fhir::Request& request) {
  auto body = parse_json_body(request.body);
  if (!body) return fhir::error_response(body.error());
  const auto is_text = [&](const char* member, std::string_view value) {
    const auto found = body->find(member);
    return found != body->end() && found->is_string() &&
           found->get_ref<const std::string&>() == value;
  };
  if (!body->is_object() || !is_text("resourceType", "Bundle")) {
    return fhir::error_response(
        fhir::make_error(ErrorKind::invalid_request, "POST to the base takes a Bundle", "Bundle"));
  }
  if (!is_text("type", "batch") && !is_text("type", "transaction")) {
    return fhir::error_response(fhir::make_error(
        ErrorKind::invalid_request, "Bundle.type must be batch or transaction", "Bundle.type"));
  }
  const auto entries_json = body->find("entry");
  std::vector<EntryRequest> entries;
  if (entries_json != body->end()) {
    if (!entries_json->is_array()) {
      return fhir::error_response(fhir::make_error(
          ErrorKind::invalid_request, "Bundle.entry must be an array", "Bundle.entry"));
    }
    if (entries_json->size() > records.config.max_bundle_entries) {
      return fhir::error_response(
          fhir::make_error(ErrorKind::payload_too_large,
                           "The Bundle has more than " +
                               std::to_string(records.config.max_bundle_entries) + " entries",
                           "Bundle.entry"));
    }
    // Every malformed entry is reported at once; one the caller may not reach makes it 403.
    std::vector<fhir::Issue> problems;
    ErrorKind worst = ErrorKind::invalid_request;
    for (std::size_t i = 0; i < entries_json->size(); ++i) {
      auto entry = read_entry((*entries_json)[i], i);
      if (entry) {
        entries.push_back(std::move(*entry));
        continue;
      }
      const bool forbidden = entry.error().kind == ErrorKind::forbidden;
      if (forbidden) worst = ErrorKind::forbidden;
      problems.push_back({"error", forbidden ? "forbidden" : "invalid", entry.error().diagnostics,
                          entry.error().expression});
    }
    if (!problems.empty()) return fhir::issues_response(worst, problems);
  }
  if (is_text("type", "batch")) return run_batch(records, request, entries);
  return run_transaction(records, request, std::move(entries));
}

}  // namespace gateway::records
