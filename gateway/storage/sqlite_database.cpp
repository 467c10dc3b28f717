// SQLite access: one connection guarded by a recursive mutex (transactions call execute).
#include "storage/sqlite_database.hpp"

#include <sqlite3.h>

#include <mutex>

namespace gateway::storage {

struct SqliteDatabase::Impl {
  sqlite3* db = nullptr;
  std::recursive_mutex mutex;
};

namespace {

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

StorageError error_of(sqlite3* db, std::string_view what) {
  return StorageError{std::string(what) + ": " + sqlite3_errmsg(db)};
}

}  // namespace

SqliteDatabase::SqliteDatabase(sqlite3* db) : impl_(std::make_unique<Impl>()) { impl_->db = db; }

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(impl_->db); }

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
    StorageError e{std::string("open ") + path + ": " +
                   (raw ? sqlite3_errmsg(raw) : "out of memory")};
    sqlite3_close_v2(raw);
    return e;
  }
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw));
  sqlite3_busy_timeout(raw, 5000);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    if (auto set = db->execute(pragma); !set) return std::move(set).take_error();
  }
  return db;
}

Status SqliteDatabase::execute(std::string_view sql, const std::vector<SqlValue>& params,
                               const std::function<void(const SqlRow&)>& on_row) {
  std::lock_guard lock(impl_->mutex);
  return execute_locked(sql, params, on_row);
}

Status SqliteDatabase::execute_locked(std::string_view sql, const std::vector<SqlValue>& params,
                                      const std::function<void(const SqlRow&)>& on_row) {
  sqlite3* db = impl_->db;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    return error_of(db, "prepare");
  }
  Statement stmt(raw);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    const int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>)
            return sqlite3_bind_null(raw, index);
          else if constexpr (std::is_same_v<T, std::int64_t>)
            return sqlite3_bind_int64(raw, index, v);
          else if constexpr (std::is_same_v<T, double>)
            return sqlite3_bind_double(raw, index, v);
          else
            return sqlite3_bind_blob(raw, index, v.data(), static_cast<int>(v.size()),
                                     SQLITE_TRANSIENT);
        },
        params[i]);
    if (rc != SQLITE_OK) return error_of(db, "bind");
  }
  while (true) {
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return error_of(db, "step");
    if (!on_row) continue;
    SqlRow row;
    const int columns = sqlite3_column_count(raw);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(raw, c)) {
        case SQLITE_NULL:
          row.emplace_back(nullptr);
          break;
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(raw, c)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(raw, c));
          break;
        default: {
          const void* data = sqlite3_column_blob(raw, c);
          const int size = sqlite3_column_bytes(raw, c);
          row.emplace_back(
              std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)));
        }
      }
    }
    on_row(row);
  }
}

Status SqliteDatabase::transaction(const std::function<Status(SqliteDatabase&)>& body) {
  std::lock_guard lock(impl_->mutex);
  if (auto begun = execute_locked("BEGIN IMMEDIATE", {}, {}); !begun) return begun;
  Status done = body(*this);
  if (done) done = execute_locked("COMMIT", {}, {});
  if (!done) (void)execute_locked("ROLLBACK", {}, {});
  return done;
}

bool SqliteDatabase::ping() {
  bool answered = false;
  const Status queried = execute("SELECT 1", {}, [&](const SqlRow& row) {
    answered = row.size() == 1 && std::holds_alternative<std::int64_t>(row[0]);
  });
  return queried.ok() && answered;
}

}  // namespace gateway::storage
