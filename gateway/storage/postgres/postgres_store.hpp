// The PostgreSQL adapter of the storage port (store = postgres://...): several gateway
// replicas share one database. Reads and searches run on a bounded pool of connections;
// each Transaction applies its operations in one database transaction at commit, with
// optimistic concurrency (PgWriteApplier) and synchronous_commit on, so commit() returns
// only once the server has flushed the commit to its WAL.
//
// Snapshots. PostgreSQL hands out version sequence numbers at insert, not at commit, so seq
// order is not commit order: a search at "the highest seq" could later see a transaction
// that was still in flight with a lower seq appear below its snapshot, and a cursor would
// repeat or skip. Every write transaction therefore holds this store's snapshot lock in
// shared mode from its start to its commit, and a first page takes the lock exclusively for
// an instant to read MAX(seq): at that instant no writer is in flight, so every version at
// or below the snapshot is final, and the later pages, asked at that snapshot, see exactly
// what the first saw. The cost is that a first page waits for the writes in flight (one
// commit at most) and briefly holds new writers back; reads by id, history and later pages
// never wait.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "storage/postgres/pg_pool.hpp"
#include "storage/resource_store.hpp"

namespace gateway::storage::postgres {

struct PostgresStoreOptions {
  std::string url;  // postgres://USER:PASSWORD@HOST:PORT/DATABASE[?options]
  std::size_t connections = 8;
  std::chrono::milliseconds acquire_timeout{5000};
};

class PostgresStore final : public ResourceStore {
 public:
  // Connects and migrates the schema; unavailable when the server cannot be reached.
  [[nodiscard]] static StoreResult<std::unique_ptr<PostgresStore>> open(
      const PostgresStoreOptions& options);

  StoreResult<StoredVersion> read(const std::string& type, const std::string& id) override;
  StoreResult<StoredVersion> vread(const std::string& type, const std::string& id,
                                   std::int64_t version) override;
  StoreResult<SearchPage> search(const SearchQuery& query) override;
  StoreResult<HistoryPage> history(const HistoryQuery& query) override;
  std::unique_ptr<Transaction> begin() override;
  StoreStatus check() override;

 private:
  explicit PostgresStore(std::unique_ptr<PgPool> pool);
  [[nodiscard]] StoreResult<std::int64_t> current_snapshot(PgConnection& connection);

  std::unique_ptr<PgPool> pool_;
};

}  // namespace gateway::storage::postgres
