// Running the migrations inside one transaction.
#include "storage/postgres/pg_schema.hpp"

#include "storage/sql/schema.hpp"

namespace gateway::storage::postgres {
namespace {

StoreStatus migrate_locked(PgConnection& connection) {
  if (auto locked = connection.exec("migration lock", "SELECT pg_advisory_xact_lock(" +
                                                          store_lock_key(kMigrationLockTag) + ")");
      !locked) {
    return std::move(locked).take_error();
  }
  if (auto created = connection.exec(
          "schema_version", "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
      !created) {
    return std::move(created).take_error();
  }
  auto current =
      connection.exec("schema_version", "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!current) return std::move(current).take_error();
  const std::int64_t version = current->int64(0, 0);
  if (version > sql::latest_schema_version()) {
    return store_error(StoreErrorKind::internal, "postgres: the database has schema version " +
                                                     std::to_string(version) +
                                                     ", newer than this build's " +
                                                     std::to_string(sql::latest_schema_version()));
  }
  if (version == sql::latest_schema_version()) return {};
  for (const auto& migration : sql::migrations(sql::Dialect::postgres)) {
    if (migration.version <= version) continue;
    if (auto applied = connection.exec_script("migration " + std::to_string(migration.version),
                                              migration.script);
        !applied) {
      return std::move(applied).take_error();
    }
  }
  if (auto cleared = connection.exec("schema_version", "DELETE FROM schema_version"); !cleared) {
    return std::move(cleared).take_error();
  }
  auto recorded = connection.exec("schema_version", "INSERT INTO schema_version VALUES ($1)",
                                  {std::to_string(sql::latest_schema_version())});
  if (!recorded) return std::move(recorded).take_error();
  return {};
}

}  // namespace

std::string store_lock_key(int tag) { return std::to_string(tag) + ", hashtext(current_schema())"; }

StoreStatus migrate(PgConnection& connection) {
  if (auto begun = connection.exec("begin", "BEGIN"); !begun) return std::move(begun).take_error();
  StoreStatus migrated = migrate_locked(connection);
  if (!migrated) {
    (void)connection.exec("rollback", "ROLLBACK");
    return migrated;
  }
  if (auto committed = connection.exec("commit", "COMMIT"); !committed) {
    return std::move(committed).take_error();
  }
  return {};
}

}  // namespace gateway::storage::postgres
