// The group-commit writer thread of the SQLite store.
#include "storage/sqlite/group_writer.hpp"

#include "storage/sql/version_stamp.hpp"
#include "storage/sql/write_sql.hpp"
#include "storage/sqlite/sqlite_error.hpp"

namespace gateway::storage {

GroupWriter::GroupWriter(std::unique_ptr<SqliteConnection> connection, Reopen reopen,
                         std::int64_t latest_update, std::size_t max_group)
    : connection_(std::move(connection)),
      reopen_(std::move(reopen)),
      applier_(latest_update),
      max_group_(max_group == 0 ? 1 : max_group),
      thread_([this] { run(); }) {}

GroupWriter::~GroupWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  thread_.join();
}

StoreResult<std::vector<WriteOutcome>> GroupWriter::commit(
    std::vector<sql::WriteOperation> operations) {
  Pending pending;
  pending.operations = std::move(operations);
  return submit(pending);
}

StoreStatus GroupWriter::probe() {
  Pending pending;
  pending.probe = true;
  auto result = submit(pending);
  if (!result) return std::move(result).take_error();
  return {};
}

StoreResult<std::vector<WriteOutcome>> GroupWriter::submit(Pending& pending) {
  std::unique_lock lock(mutex_);
  if (stopping_) return store_error(StoreErrorKind::unavailable, "the store is closing");
  queue_.push_back(&pending);
  queued_.notify_one();
  answered_.wait(lock, [&] { return pending.done; });
  return std::move(pending.result);
}

void GroupWriter::run() {
  std::vector<Pending*> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left to answer
      while (!queue_.empty() && group.size() < max_group_) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    commit_group(group);
    {
      std::lock_guard lock(mutex_);
      for (auto* pending : group) pending->done = true;
    }
    answered_.notify_all();
    group.clear();
  }
}

void GroupWriter::fail_all(std::vector<Pending*>& group, const StoreError& error) {
  for (auto* pending : group) pending->result = error;
}

StoreResult<std::vector<WriteOutcome>> GroupWriter::apply_one(Pending& pending) {
  if (pending.probe) {
    const sql::Statement probe{sql::write_sql(sql::Dialect::sqlite).probe, {sql::now_ms()}};
    if (auto written = connection_->run(probe); !written) return std::move(written).take_error();
    return std::vector<WriteOutcome>{};
  }
  return applier_.apply(*connection_, pending.operations);
}

void GroupWriter::commit_group(std::vector<Pending*>& group) {
  if (needs_reopen_ || !connection_) {
    auto reopened = reopen_();
    if (!reopened) {
      fail_all(group, reopened.error());
      return;
    }
    connection_ = std::move(*reopened);
    needs_reopen_ = false;
  }
  connection_->clear_failure();
  if (auto begun = connection_->run(sql::Statement{"BEGIN IMMEDIATE", {}}); !begun) {
    needs_reopen_ = sqlite_needs_reopen(connection_->last_failure());
    fail_all(group, begun.error());
    return;
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    Pending& pending = *group[i];
    if (auto saved = connection_->run(sql::Statement{"SAVEPOINT tx", {}}); !saved) {
      pending.result = saved.error();
      continue;
    }
    pending.result = apply_one(pending);
    if (pending.result) {
      if (auto released = connection_->run(sql::Statement{"RELEASE tx", {}}); !released) {
        pending.result = released.error();
      }
      continue;
    }
    if (sqlite3_get_autocommit(connection_->handle()) != 0) {
      // SQLite rolled the whole transaction back itself (disk full, I/O error): the group
      // is lost, including what the earlier transactions did.
      const StoreError lost = pending.result.error();
      for (std::size_t j = 0; j < group.size(); ++j) {
        if (j != i) group[j]->result = store_error(StoreErrorKind::unavailable, lost.message);
      }
      needs_reopen_ = sqlite_needs_reopen(connection_->last_failure());
      return;
    }
    auto rolled_back = connection_->run(sql::Statement{"ROLLBACK TO tx", {}});
    if (rolled_back) rolled_back = connection_->run(sql::Statement{"RELEASE tx", {}});
    if (!rolled_back) {
      // The failed transaction could not be undone alone: commit nothing of the group.
      (void)connection_->exec("ROLLBACK");
      needs_reopen_ = sqlite_needs_reopen(connection_->last_failure());
      for (std::size_t j = 0; j < group.size(); ++j) {
        if (j != i)
          group[j]->result = store_error(StoreErrorKind::unavailable, "group rolled back");
      }
      return;
    }
  }
  if (auto committed = connection_->run(sql::Statement{"COMMIT", {}}); !committed) {
    needs_reopen_ = sqlite_needs_reopen(connection_->last_failure());
    (void)connection_->exec("ROLLBACK");
    fail_all(group, committed.error());
    return;
  }
  if (connection_->last_failure() != SQLITE_OK) {
    needs_reopen_ = sqlite_needs_reopen(connection_->last_failure());
  }
}

}  // namespace gateway::storage
