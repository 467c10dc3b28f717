// The storage port: durable, versioned FHIR resources with history, optimistic concurrency
// and search over index rows. Adapters: SQLite (embedded, one process) and PostgreSQL
// (several replicas). Domain code sees only this interface, never SQL. Every call may
// block: call it from the worker pool, never from an I/O thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/index_values.hpp"
#include "storage/search_query.hpp"
#include "storage/store_error.hpp"

namespace gateway::storage {

// One version of one resource as stored.
struct StoredVersion {
  std::string type;
  std::string id;
  std::int64_t version = 0;       // 1, 2, ...: meta.versionId
  std::int64_t last_updated = 0;  // ms since the epoch, UTC: meta.lastUpdated
  std::int64_t sequence = 0;      // the store's change sequence of this version
  bool deleted = false;           // a deletion: no resource text
  std::string json;               // the resource with meta.versionId and meta.lastUpdated set
  std::vector<std::string> compartments;  // its compartment keys (IndexValues::compartments)
};

// A write of one resource. `expected_version`: nullopt = whatever is there (create or
// update); 0 = must not exist yet (create); n = the current version must be n (If-Match).
// The store sets meta.versionId and meta.lastUpdated in `resource` when it applies the write.
struct ResourceWrite {
  std::string type;
  std::string id;
  nlohmann::ordered_json resource;  // member order kept as written (resourceType first)
  std::optional<std::int64_t> expected_version;
  IndexValues index;
};

// What one operation of a committed transaction did, in the order the operations were added.
struct WriteOutcome {
  StoredVersion version;  // the version written, or (unchanged, existing) the one in force
  bool created = false;   // a new resource (version 1, or the first after none existed)
  bool changed = true;    // false: nothing written (deleting a missing or deleted resource,
                          // or a conditional create that found its match)
};

// A unit of work: operations are collected and applied atomically by commit(). Destroying
// an uncommitted transaction discards it (RAII rollback). Not thread-safe; one per request.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual void put(ResourceWrite write) = 0;
  // A deletion version (read → gone); nothing happens for a missing or deleted resource.
  virtual void remove(std::string type, std::string id,
                      std::optional<std::int64_t> expected_version = std::nullopt) = 0;
  // Conditional create (If-None-Exist): creates `write` only when `condition` (a search of
  // write.type, compartment restriction included) matches nothing; one match: nothing is
  // written and the outcome is the match; several: duplicate. Serialised against every
  // other write, so concurrent identical conditional creates yield exactly one resource.
  virtual void put_if_none_exist(SearchQuery condition, ResourceWrite write) = 0;
  // Removes the resource and all its history, as if it never existed (legal erasure).
  virtual void expunge(std::string type, std::string id) = 0;
  // Applies everything or nothing; returns only once the result is durable (fsync'd).
  [[nodiscard]] virtual StoreResult<std::vector<WriteOutcome>> commit() = 0;
};

struct HistoryQuery {
  std::string type;                   // empty: the whole system
  std::string id;                     // empty: the whole type
  std::optional<std::int64_t> since;  // ms since the epoch: versions updated at or after
  std::size_t count = 20;
  std::optional<std::int64_t> before_sequence;  // paging: versions older than this one
  // As in SearchQuery: only versions in one of these compartments.
  std::optional<std::vector<std::string>> compartments;
};

struct HistoryPage {
  std::vector<StoredVersion> versions;               // newest first
  std::optional<std::int64_t> next_before_sequence;  // set when more versions follow
};

struct SearchPage {
  std::vector<StoredVersion> matches;   // current versions, in sort order
  std::vector<StoredVersion> included;  // _include/_revinclude, each once, not in matches
  std::optional<std::int64_t> total;    // when asked for (estimate may be absent)
  std::optional<Cursor> next;           // set when more matches follow
  std::int64_t snapshot = 0;            // the snapshot this page ran at
};

class ResourceStore {
 public:
  virtual ~ResourceStore() = default;
  // The current version; not_found, or deleted (with the deletion's version number).
  [[nodiscard]] virtual StoreResult<StoredVersion> read(const std::string& type,
                                                        const std::string& id) = 0;
  // One version; a deletion version is returned with deleted = true.
  [[nodiscard]] virtual StoreResult<StoredVersion> vread(const std::string& type,
                                                         const std::string& id,
                                                         std::int64_t version) = 0;
  [[nodiscard]] virtual StoreResult<SearchPage> search(const SearchQuery& query) = 0;
  [[nodiscard]] virtual StoreResult<HistoryPage> history(const HistoryQuery& query) = 0;
  [[nodiscard]] virtual std::unique_ptr<Transaction> begin() = 0;
  // Readiness: the database answers and accepts writes; the reason when not.
  [[nodiscard]] virtual StoreStatus check() = 0;
};

}  // namespace gateway::storage
