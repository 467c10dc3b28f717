// SqliteStore: opening, reads through the pool, transactions through the group writer,
// readiness and online backup.
#include "storage/sqlite/sqlite_store.hpp"

#include <filesystem>

#include "storage/sql/buffered_transaction.hpp"
#include "storage/sql/write_sql.hpp"
#include "storage/sqlite/group_writer.hpp"
#include "storage/sqlite/read_pool.hpp"
#include "storage/sqlite/sqlite_error.hpp"
#include "storage/sqlite/sqlite_queries.hpp"
#include "storage/sqlite/sqlite_schema.hpp"

namespace gateway::storage {
namespace {

// Collects the operations; commit() hands them to the writer. Dropping it discards them.
ConnectionOptions connection_options(const SqliteStoreOptions& options, bool writer) {
  ConnectionOptions out;
  out.writer = writer;
  out.busy_timeout_ms = static_cast<int>(options.busy_timeout.count());
  out.max_page_count = writer ? options.max_page_count : 0;
  return out;
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<GroupWriter> writer, std::unique_ptr<ReadPool> readers)
    : writer_(std::move(writer)), readers_(std::move(readers)) {}

SqliteStore::~SqliteStore() = default;

StoreResult<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteStoreOptions& options) {
  auto writer = SqliteConnection::open(options.path, connection_options(options, true));
  if (!writer) return std::move(writer).take_error();
  if (auto prepared = prepare_database(**writer, options.path); !prepared) {
    return std::move(prepared).take_error();
  }
  auto latest =
      (*writer)->integer(sql::Statement{sql::write_sql(sql::Dialect::sqlite).latest_update, {}});
  if (!latest) return std::move(latest).take_error();
  std::vector<std::unique_ptr<SqliteConnection>> readers;
  for (std::size_t i = 0; i < std::max<std::size_t>(options.read_connections, 1); ++i) {
    auto reader = SqliteConnection::open(options.path, connection_options(options, false));
    if (!reader) return std::move(reader).take_error();
    readers.push_back(std::move(*reader));
  }
  GroupWriter::Reopen reopen = [options] {
    return SqliteConnection::open(options.path, connection_options(options, true));
  };
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::make_unique<GroupWriter>(std::move(*writer), std::move(reopen), *latest,
                                                    options.max_group),
                      std::make_unique<ReadPool>(std::move(readers))));
}

StoreResult<StoredVersion> SqliteStore::read(const std::string& type, const std::string& id) {
  auto connection = readers_->acquire();
  return read_current(*connection, type, id);
}

StoreResult<StoredVersion> SqliteStore::vread(const std::string& type, const std::string& id,
                                              std::int64_t version) {
  auto connection = readers_->acquire();
  return read_version(*connection, type, id, version);
}

StoreResult<SearchPage> SqliteStore::search(const SearchQuery& query) {
  auto connection = readers_->acquire();
  if (auto begun = connection->exec("BEGIN"); !begun) return std::move(begun).take_error();
  auto page = run_search(*connection, query);
  (void)connection->exec("COMMIT");  // a read transaction: ending it cannot lose anything
  return page;
}

StoreResult<HistoryPage> SqliteStore::history(const HistoryQuery& query) {
  auto connection = readers_->acquire();
  return read_history(*connection, query);
}

std::unique_ptr<Transaction> SqliteStore::begin() {
  return std::make_unique<sql::BufferedTransaction>(
      [writer = writer_.get()](std::vector<sql::WriteOperation> operations) {
        return writer->commit(std::move(operations));
      });
}

StoreStatus SqliteStore::check() { return writer_->probe(); }

StoreStatus SqliteStore::backup(const std::string& target_path) {
  const std::string partial = target_path + ".partial";
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
  sqlite3* target = nullptr;
  int code = sqlite3_open_v2(partial.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr);
  if (code != SQLITE_OK) {
    StoreError failed = sqlite_error(code, target, "cannot create " + partial);
    sqlite3_close(target);
    return failed;
  }
  {
    auto connection = readers_->acquire();
    sqlite3_backup* copy = sqlite3_backup_init(target, "main", connection->handle(), "main");
    if (copy == nullptr) {
      code = sqlite3_errcode(target);
    } else {
      code = sqlite3_backup_step(copy, -1);  // one step: one consistent read snapshot
      const int finished = sqlite3_backup_finish(copy);
      if (code == SQLITE_DONE) code = finished;
    }
  }
  StoreStatus result;
  if (code != SQLITE_OK && code != SQLITE_DONE) result = sqlite_error(code, target, "backup");
  sqlite3_close(target);
  if (result) {
    std::filesystem::rename(partial, target_path, ignored);
    if (ignored) {
      result = store_error(StoreErrorKind::unavailable,
                           "cannot move the backup to " + target_path + ": " + ignored.message());
    }
  }
  if (!result) std::filesystem::remove(partial, ignored);
  return result;
}

}  // namespace gateway::storage
