// Mapping of SQLite result codes to the store's error kinds.
#include "storage/sqlite/sqlite_error.hpp"

#include <string>

namespace gateway::storage {

StoreError sqlite_error(int code, sqlite3* db, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errstr(code);
  if (db != nullptr && sqlite3_errcode(db) == code) {
    message += " (" + std::string(sqlite3_errmsg(db)) + ")";
  }
  switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return store_error(StoreErrorKind::unavailable, std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return store_error(StoreErrorKind::internal, "the database file is damaged: " + message);
    default:
      return store_error(StoreErrorKind::internal, std::move(message));
  }
}

bool sqlite_needs_reopen(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_READONLY || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ||
         primary == SQLITE_FULL || primary == SQLITE_PERM;
}

}  // namespace gateway::storage
