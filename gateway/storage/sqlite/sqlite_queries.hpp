// The read side run on one SQLite connection: read, vread, history and search (page, total,
// includes). Used by the read pool and, for conditional creates, by the writer inside its
// transaction.
#pragma once

#include <string>
#include <vector>

#include "storage/resource_store.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace gateway::storage {

[[nodiscard]] StoreResult<std::vector<StoredVersion>> query_versions(
    SqliteConnection& connection, const sql::Statement& statement);
[[nodiscard]] StoreResult<StoredVersion> read_current(SqliteConnection& connection,
                                                      const std::string& type,
                                                      const std::string& id);
[[nodiscard]] StoreResult<StoredVersion> read_version(SqliteConnection& connection,
                                                      const std::string& type,
                                                      const std::string& id, std::int64_t version);
[[nodiscard]] StoreResult<HistoryPage> read_history(SqliteConnection& connection,
                                                    const HistoryQuery& query);
// Runs every statement of the search on `connection`; the caller holds one transaction
// around it so the page, the total and the includes see the same database.
[[nodiscard]] StoreResult<SearchPage> run_search(SqliteConnection& connection,
                                                 const SearchQuery& query);

}  // namespace gateway::storage
