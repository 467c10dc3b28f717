// The shared SQL (storage/sql) run on a PostgreSQL connection: statements with typed
// parameters, version rows turned into StoredVersions, and the read side (read, vread,
// history, search with its total and includes) at a given snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.hpp"
#include "storage/resource_store.hpp"
#include "storage/sql/statement.hpp"

namespace gateway::storage::postgres {

// Runs `statement`, prepared on this connection by its text (PgConnection::exec_cached);
// `what` names it.
[[nodiscard]] StoreResult<PgRows> run(PgConnection& connection, std::string_view what,
                                      const sql::Statement& statement);
// Runs a fixed statement prepared once per connection under `name`.
[[nodiscard]] StoreResult<PgRows> run_prepared(PgConnection& connection, const std::string& name,
                                               const sql::Statement& statement);
[[nodiscard]] StoreResult<std::vector<StoredVersion>> query_versions(
    PgConnection& connection, std::string_view what, const sql::Statement& statement);

[[nodiscard]] StoreResult<StoredVersion> read_current(PgConnection& connection,
                                                      const std::string& type,
                                                      const std::string& id);
[[nodiscard]] StoreResult<StoredVersion> read_version(PgConnection& connection,
                                                      const std::string& type,
                                                      const std::string& id, std::int64_t version);
[[nodiscard]] StoreResult<HistoryPage> read_history(PgConnection& connection,
                                                    const HistoryQuery& query);
// One page of `query` at `snapshot` (the cursor's, or the one the caller established).
[[nodiscard]] StoreResult<SearchPage> run_search(PgConnection& connection, const SearchQuery& query,
                                                 std::int64_t snapshot);

}  // namespace gateway::storage::postgres
