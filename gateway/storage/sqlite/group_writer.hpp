// The one writer of a SQLite store, with group commit: transactions queue their operations
// and wait; the writer thread takes everything queued, runs each transaction in its own
// savepoint inside one BEGIN IMMEDIATE ... COMMIT (one fsync for the group), then answers
// each one. A transaction is acknowledged only once its group is durable; one that fails
// is rolled back to its savepoint and the others go on.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sql/write_operations.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_write_applier.hpp"

namespace gateway::storage {

class GroupWriter {
 public:
  using Reopen = std::function<StoreResult<std::unique_ptr<SqliteConnection>>()>;
  // `reopen` opens a fresh writer connection; used after failures that may need one
  // (read-only, I/O error) so the store recovers once the condition passes.
  GroupWriter(std::unique_ptr<SqliteConnection> connection, Reopen reopen,
              std::int64_t latest_update, std::size_t max_group);
  ~GroupWriter();
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  // Blocks until the transaction's group is committed (or the transaction failed).
  [[nodiscard]] StoreResult<std::vector<WriteOutcome>> commit(
      std::vector<sql::WriteOperation> operations);
  // A durable write of the readiness row through the same path as every transaction.
  [[nodiscard]] StoreStatus probe();

 private:
  struct Pending {
    std::vector<sql::WriteOperation> operations;
    bool probe = false;
    bool done = false;
    StoreResult<std::vector<WriteOutcome>> result{std::vector<WriteOutcome>{}};
  };
  [[nodiscard]] StoreResult<std::vector<WriteOutcome>> submit(Pending& pending);
  void run();
  void commit_group(std::vector<Pending*>& group);
  [[nodiscard]] StoreResult<std::vector<WriteOutcome>> apply_one(Pending& pending);
  void fail_all(std::vector<Pending*>& group, const StoreError& error);

  std::unique_ptr<SqliteConnection> connection_;
  Reopen reopen_;
  SqliteWriteApplier applier_;
  std::size_t max_group_;
  bool needs_reopen_ = false;

  std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable answered_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace gateway::storage
