// RAII wrapper over one SQLite database file: open with WAL, run statements with bound
// parameters, transactions; errors as values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.hpp"

struct sqlite3;

namespace gateway::storage {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using SqlRow = std::vector<SqlValue>;

struct StorageError {
  std::string message;  // internal: for the log
};

// A value or a StorageError; Status is success or a StorageError.
template <typename T>
using Result = gateway::Result<T, StorageError>;
using Status = Result<void>;

class SqliteDatabase {
 public:
  // Opens (creating if needed) the database at `path` in WAL mode.
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs one statement with positional parameters (?1, ?2 ...) and calls `on_row` for each
  // result row. Serialised internally: safe to call from several threads.
  Status execute(std::string_view sql, const std::vector<SqlValue>& params = {},
                 const std::function<void(const SqlRow&)>& on_row = {});
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it returns an error.
  Status transaction(const std::function<Status(SqliteDatabase&)>& body);
  // A trivial query that proves the store answers.
  bool ping();

 private:
  explicit SqliteDatabase(sqlite3* db);
  Status execute_locked(std::string_view sql, const std::vector<SqlValue>& params,
                        const std::function<void(const SqlRow&)>& on_row);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gateway::storage
