// PostgresStore: opening, reads on the pool, transactions applied at commit, readiness.
#include "storage/postgres/postgres_store.hpp"

#include <limits>

#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_write_applier.hpp"
#include "storage/sql/buffered_transaction.hpp"
#include "storage/sql/search_sql.hpp"
#include "storage/sql/version_stamp.hpp"
#include "storage/sql/write_sql.hpp"

namespace gateway::storage::postgres {
namespace {

const std::string kSnapshotShared =
    "SELECT pg_advisory_xact_lock_shared(" + store_lock_key(kSnapshotLockTag) + ")";
const std::string kSnapshotExclusive =
    "SELECT pg_advisory_xact_lock(" + store_lock_key(kSnapshotLockTag) + ")";

// Runs `body` between BEGIN and COMMIT; anything failing rolls back.
template <typename Body>
auto in_transaction(PgConnection& connection, Body body) -> decltype(body()) {
  if (auto begun = connection.exec("begin", "BEGIN"); !begun) return std::move(begun).take_error();
  auto result = body();
  if (!result) {
    (void)connection.exec("rollback", "ROLLBACK");
    return result;
  }
  if (auto committed = connection.exec("commit", "COMMIT"); !committed) {
    return std::move(committed).take_error();
  }
  return result;
}

// Collects the operations; commit() applies them in one database transaction.
PgPoolOptions pool_options(const PostgresStoreOptions& options) {
  PgPoolOptions out;
  out.url = options.url;
  out.size = options.connections;
  out.acquire_timeout = options.acquire_timeout;
  // Durable commits whatever the server's default; no statement runs unbounded.
  out.session_setup = {"SET synchronous_commit = on", "SET statement_timeout = 30000"};
  return out;
}

}  // namespace

PostgresStore::PostgresStore(std::unique_ptr<PgPool> pool) : pool_(std::move(pool)) {}

StoreResult<std::unique_ptr<PostgresStore>> PostgresStore::open(
    const PostgresStoreOptions& options) {
  auto pool = std::make_unique<PgPool>(pool_options(options));
  {
    auto lease = pool->acquire();
    if (!lease) return std::move(lease).take_error();
    if (auto migrated = migrate(**lease); !migrated) return std::move(migrated).take_error();
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool)));
}

StoreResult<StoredVersion> PostgresStore::read(const std::string& type, const std::string& id) {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).take_error();
  return read_current(**lease, type, id);
}

StoreResult<StoredVersion> PostgresStore::vread(const std::string& type, const std::string& id,
                                                std::int64_t version) {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).take_error();
  return read_version(**lease, type, id, version);
}

StoreResult<std::int64_t> PostgresStore::current_snapshot(PgConnection& connection) {
  return in_transaction(connection, [&]() -> StoreResult<std::int64_t> {
    if (auto locked = connection.exec_prepared("snapshot exclusive", kSnapshotExclusive); !locked) {
      return std::move(locked).take_error();
    }
    // READ COMMITTED: this statement's snapshot is taken after the lock was granted.
    auto highest = run_prepared(connection, "snapshot", sql::snapshot_sql(sql::Dialect::postgres));
    if (!highest) return std::move(highest).take_error();
    return highest->int64(0, 0);
  });
}

StoreResult<SearchPage> PostgresStore::search(const SearchQuery& query) {
  if (query.cursor && (query.cursor->snapshot <= 0 || query.cursor->offset < 0)) {
    return store_error(StoreErrorKind::invalid, "a malformed cursor");
  }
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).take_error();
  std::int64_t snapshot = 0;
  if (query.cursor) {
    snapshot = query.cursor->snapshot;
  } else if (query.single_page) {
    snapshot = std::numeric_limits<std::int64_t>::max();  // whatever is committed now
  } else {
    auto current = current_snapshot(**lease);
    if (!current) return std::move(current).take_error();
    snapshot = *current;
  }
  return run_search(**lease, query, snapshot);
}

StoreResult<HistoryPage> PostgresStore::history(const HistoryQuery& query) {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).take_error();
  return read_history(**lease, query);
}

std::unique_ptr<Transaction> PostgresStore::begin() {
  return std::make_unique<sql::BufferedTransaction>(
      [pool = pool_.get()](
          std::vector<sql::WriteOperation> operations) -> StoreResult<std::vector<WriteOutcome>> {
        auto lease = pool->acquire();
        if (!lease) return std::move(lease).take_error();
        PgConnection& connection = **lease;
        return in_transaction(connection, [&]() -> StoreResult<std::vector<WriteOutcome>> {
          // Held until commit, before any sequence number is taken (see postgres_store.hpp).
          if (auto locked = connection.exec_prepared("snapshot shared", kSnapshotShared); !locked) {
            return std::move(locked).take_error();
          }
          PgWriteApplier applier(connection);
          return applier.apply(operations);
        });
      });
}

StoreStatus PostgresStore::check() {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).take_error();
  auto probed =
      run_prepared(**lease, "probe",
                   sql::Statement{sql::write_sql(sql::Dialect::postgres).probe, {sql::now_ms()}});
  if (!probed) return std::move(probed).take_error();
  return {};
}

}  // namespace gateway::storage::postgres
