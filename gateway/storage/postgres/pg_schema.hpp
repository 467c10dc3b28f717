// The store's schema on PostgreSQL: the shared migrations (storage/sql/schema.hpp) applied
// in order, the version kept in a schema_version table, under an advisory lock so replicas
// starting together migrate once. A database newer than this build is refused.
#pragma once

#include "storage/postgres/pg_connection.hpp"

namespace gateway::storage::postgres {

[[nodiscard]] StoreStatus migrate(PgConnection& connection);

// The advisory lock keys of one store, two int4 halves: a tag and the hash of the schema the
// store lives in (current_schema()), so stores in other schemas of one database never wait
// for each other. As SQL arguments: "<tag>, hashtext(current_schema())".
std::string store_lock_key(int tag);
inline constexpr int kMigrationLockTag = 0x46480001;
inline constexpr int kSnapshotLockTag = 0x46480002;

}  // namespace gateway::storage::postgres
