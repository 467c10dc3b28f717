// SQLite connections: open with the store's pragmas, the statement cache, binding and rows.
#include "storage/sqlite/sqlite_connection.hpp"

#include "storage/sqlite/sqlite_error.hpp"

namespace gateway::storage {
namespace {

// More distinct statement texts than this (search shapes vary) clears the cache.
constexpr std::size_t kMaxCachedStatements = 512;

}  // namespace

SqliteRows::~SqliteRows() {
  if (statement_ != nullptr) {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
}

StoreResult<bool> SqliteRows::next() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return connection_->error(code, "step");
}

std::int64_t SqliteRows::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double SqliteRows::real(int column) const { return sqlite3_column_double(statement_, column); }

std::string SqliteRows::text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

bool SqliteRows::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

StoreResult<std::unique_ptr<SqliteConnection>> SqliteConnection::open(
    const std::string& path, const ConnectionOptions& options) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.writer ? SQLITE_OPEN_CREATE : 0);
  const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    StoreError failed = sqlite_error(code, db, "cannot open " + path);
    sqlite3_close(db);
    return failed;
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // A larger page cache than SQLite's 2 MiB default: the writer touches a dozen indexes per
  // resource, and readers walk them.
  std::string pragmas =
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;"
      " PRAGMA cache_size = " +
      std::string(options.writer ? "-65536;" : "-16384;");
  if (!options.writer) pragmas += " PRAGMA query_only = ON;";
  if (options.max_page_count > 0) {
    pragmas += " PRAGMA max_page_count = " + std::to_string(options.max_page_count) + ";";
  }
  if (auto set = connection->exec(pragmas); !set) return std::move(set).take_error();
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [text, statement] : cache_) sqlite3_finalize(statement);
  sqlite3_close(db_);
}

StoreError SqliteConnection::error(int code, std::string_view what) {
  last_failure_ = code;
  return sqlite_error(code, db_, what);
}

StoreStatus SqliteConnection::exec(const std::string& script) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
  if (code == SQLITE_OK) return {};
  std::string what = message ? message : script.substr(0, 60);
  sqlite3_free(message);
  return error(code, what);
}

StoreResult<sqlite3_stmt*> SqliteConnection::prepare(const std::string& text) {
  if (auto found = cache_.find(text); found != cache_.end()) return found->second;
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto& [cached, statement] : cache_) sqlite3_finalize(statement);
    cache_.clear();
  }
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (code != SQLITE_OK) return error(code, "prepare " + text.substr(0, 80));
  cache_.emplace(text, statement);
  return statement;
}

StoreResult<SqliteRows> SqliteConnection::query(const sql::Statement& statement) {
  auto prepared = prepare(statement.text);
  if (!prepared) return std::move(prepared).take_error();
  sqlite3_stmt* s = *prepared;
  SqliteRows rows(s, this);  // resets the statement on every way out
  for (std::size_t i = 0; i < statement.parameters.size(); ++i) {
    const int position = static_cast<int>(i + 1);
    const auto& parameter = statement.parameters[i];
    int code = SQLITE_OK;
    if (const auto* integer = std::get_if<std::int64_t>(&parameter)) {
      code = sqlite3_bind_int64(s, position, *integer);
    } else if (const auto* real = std::get_if<double>(&parameter)) {
      code = sqlite3_bind_double(s, position, *real);
    } else {
      const auto& text = std::get<std::string>(parameter);
      code = sqlite3_bind_text(s, position, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT);
    }
    if (code != SQLITE_OK) return error(code, "bind");
  }
  return rows;
}

StoreStatus SqliteConnection::run(const sql::Statement& statement) {
  auto rows = query(statement);
  if (!rows) return std::move(rows).take_error();
  for (;;) {
    auto more = rows->next();
    if (!more) return std::move(more).take_error();
    if (!*more) return {};
  }
}

StoreResult<std::int64_t> SqliteConnection::integer(const sql::Statement& statement) {
  auto rows = query(statement);
  if (!rows) return std::move(rows).take_error();
  auto row = rows->next();
  if (!row) return std::move(row).take_error();
  if (!*row) return store_error(StoreErrorKind::internal, "no row: " + statement.text);
  return rows->integer(0);
}

}  // namespace gateway::storage
