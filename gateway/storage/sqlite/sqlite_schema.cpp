// Integrity check, journal mode and schema migrations of the SQLite store.
#include "storage/sqlite/sqlite_schema.hpp"

#include "storage/sql/schema.hpp"

namespace gateway::storage {
namespace {

StoreError damaged(const std::string& path, const std::string& detail) {
  return store_error(StoreErrorKind::internal,
                     "refusing to open " + path + ": the database file is damaged (" + detail +
                         "); restore it from a backup (fhir-gateway backup makes one)");
}

StoreStatus quick_check(SqliteConnection& c, const std::string& path) {
  auto rows = c.query(sql::Statement{"PRAGMA quick_check", {}});
  if (!rows) return damaged(path, rows.error().message);
  std::string problems;
  for (;;) {
    auto row = rows->next();
    if (!row) return damaged(path, row.error().message);
    if (!*row) break;
    const std::string line = rows->text(0);
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (!problems.empty()) return damaged(path, problems.substr(0, 500));
  return {};
}

StoreStatus journal_mode_wal(SqliteConnection& c) {
  auto mode = c.query(sql::Statement{"PRAGMA journal_mode = WAL", {}});
  if (!mode) return std::move(mode).take_error();
  auto row = mode->next();
  if (!row) return std::move(row).take_error();
  if (!*row || mode->text(0) != "wal") {
    return store_error(StoreErrorKind::unavailable, "journal mode " + mode->text(0));
  }
  return {};
}

}  // namespace

StoreStatus prepare_database(SqliteConnection& writer, const std::string& path) {
  if (auto checked = quick_check(writer, path); !checked) return checked;
  if (auto wal = journal_mode_wal(writer); !wal) {
    return store_error(StoreErrorKind::unavailable,
                       "cannot switch " + path + " to WAL mode: " + wal.error().message);
  }
  auto version = writer.integer(sql::Statement{"PRAGMA user_version", {}});
  if (!version) return std::move(version).take_error();
  if (*version > sql::latest_schema_version()) {
    return store_error(StoreErrorKind::internal,
                       "refusing to open " + path + ": its schema version " +
                           std::to_string(*version) + " is newer than this build knows (" +
                           std::to_string(sql::latest_schema_version()) + ")");
  }
  for (const auto& migration : sql::migrations(sql::Dialect::sqlite)) {
    if (migration.version <= *version) continue;
    const std::string script = "BEGIN IMMEDIATE;" + migration.script +
                               "PRAGMA user_version = " + std::to_string(migration.version) +
                               "; COMMIT;";
    if (auto migrated = writer.exec(script); !migrated) {
      (void)writer.exec("ROLLBACK");
      return migrated;
    }
  }
  return {};
}

}  // namespace gateway::storage
