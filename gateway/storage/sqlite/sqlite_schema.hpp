// Opening a store file: refuse a damaged file (PRAGMA quick_check), switch to WAL, bring
// the schema up to date with the shared migrations (recorded in PRAGMA user_version) and
// refuse a schema newer than this build knows.
#pragma once

#include "storage/sqlite/sqlite_connection.hpp"

namespace gateway::storage {

[[nodiscard]] StoreStatus prepare_database(SqliteConnection& writer, const std::string& path);

}  // namespace gateway::storage
