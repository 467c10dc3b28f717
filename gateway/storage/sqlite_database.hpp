// RAII wrapper over one SQLite database file: open with WAL, run statements with bound
// parameters, transactions; errors as values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct sqlite3;

namespace gateway::storage {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using SqlRow = std::vector<SqlValue>;

struct StorageError {
  std::string message;  // internal: for the log
};

class SqliteDatabase {
 public:
  // Opens (creating if needed) the database at `path` in WAL mode.
  static std::variant<std::unique_ptr<SqliteDatabase>, StorageError> open(const std::string& path);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs one statement with positional parameters (?1, ?2 ...) and calls `on_row` for each
  // result row. Serialised internally: safe to call from several threads.
  std::optional<StorageError> execute(std::string_view sql,
                                      const std::vector<SqlValue>& params = {},
                                      const std::function<void(const SqlRow&)>& on_row = {});
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it returns an error.
  std::optional<StorageError> transaction(
      const std::function<std::optional<StorageError>(SqliteDatabase&)>& body);
  // A trivial query that proves the store answers.
  bool ping();

 private:
  explicit SqliteDatabase(sqlite3* db);
  std::optional<StorageError> execute_locked(std::string_view sql,
                                             const std::vector<SqlValue>& params,
                                             const std::function<void(const SqlRow&)>& on_row);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gateway::storage
