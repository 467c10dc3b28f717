// One SQLite connection, used by one thread at a time: prepared statements cached per
// statement text (SQLITE_PREPARE_PERSISTENT), parameters bound by position (strings as
// TEXT), rows read through a cursor that resets its statement when it goes away.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include <sqlite3.h>

#include "storage/sql/statement.hpp"
#include "storage/store_error.hpp"

namespace gateway::storage {

struct ConnectionOptions {
  bool writer = false;  // creates the file; readers are query-only
  int busy_timeout_ms = 5000;
  std::int64_t max_page_count = 0;  // 0: no limit
};

class SqliteConnection;

// The rows of one statement; the statement is reset (and stays cached) when this goes away.
class SqliteRows {
 public:
  SqliteRows(sqlite3_stmt* statement, SqliteConnection* connection)
      : statement_(statement), connection_(connection) {}
  SqliteRows(SqliteRows&& other) noexcept
      : statement_(std::exchange(other.statement_, nullptr)), connection_(other.connection_) {}
  SqliteRows(const SqliteRows&) = delete;
  SqliteRows& operator=(const SqliteRows&) = delete;
  SqliteRows& operator=(SqliteRows&&) = delete;
  ~SqliteRows();

  // Steps to the next row: true for a row, false at the end.
  [[nodiscard]] StoreResult<bool> next();
  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;  // "" for NULL
  bool is_null(int column) const;

 private:
  sqlite3_stmt* statement_;
  SqliteConnection* connection_;
};

class SqliteConnection {
 public:
  [[nodiscard]] static StoreResult<std::unique_ptr<SqliteConnection>> open(
      const std::string& path, const ConnectionOptions& options);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* handle() const { return db_; }
  // Runs statements without parameters (a script, BEGIN, a pragma).
  [[nodiscard]] StoreStatus exec(const std::string& script);
  [[nodiscard]] StoreResult<SqliteRows> query(const sql::Statement& statement);
  // Runs a statement to its end.
  [[nodiscard]] StoreStatus run(const sql::Statement& statement);
  // The first column of the first row (a statement that returns one integer).
  [[nodiscard]] StoreResult<std::int64_t> integer(const sql::Statement& statement);
  // The result code of the last failure on this connection (0 when none since cleared).
  int last_failure() const { return last_failure_; }
  void clear_failure() { last_failure_ = SQLITE_OK; }
  StoreError error(int code, std::string_view what);

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  [[nodiscard]] StoreResult<sqlite3_stmt*> prepare(const std::string& text);

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  int last_failure_ = SQLITE_OK;
};

}  // namespace gateway::storage
