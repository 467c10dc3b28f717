// The embedded store: SQLite in WAL mode with synchronous=FULL, one group-commit writer and
// a pool of read connections over one database file. open() migrates the schema
// (PRAGMA user_version), refuses a newer schema and a damaged file (quick_check).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "storage/resource_store.hpp"

namespace gateway::storage {

struct SqliteStoreOptions {
  std::string path;                  // the database file (created when missing)
  std::size_t read_connections = 4;  // concurrent readers
  std::chrono::milliseconds busy_timeout{5000};
  std::size_t max_group = 1024;     // most transactions committed together
  std::int64_t max_page_count = 0;  // a size limit in pages (0: none); past it, unavailable
};

class GroupWriter;
class ReadPool;

class SqliteStore final : public ResourceStore {
 public:
  [[nodiscard]] static StoreResult<std::unique_ptr<SqliteStore>> open(
      const SqliteStoreOptions& options);
  ~SqliteStore() override;

  [[nodiscard]] StoreResult<StoredVersion> read(const std::string& type,
                                                const std::string& id) override;
  [[nodiscard]] StoreResult<StoredVersion> vread(const std::string& type, const std::string& id,
                                                 std::int64_t version) override;
  [[nodiscard]] StoreResult<SearchPage> search(const SearchQuery& query) override;
  [[nodiscard]] StoreResult<HistoryPage> history(const HistoryQuery& query) override;
  [[nodiscard]] std::unique_ptr<Transaction> begin() override;
  [[nodiscard]] StoreStatus check() override;

  // An online, consistent copy of the database to `target_path` (written beside it first,
  // then renamed into place); writers go on meanwhile.
  [[nodiscard]] StoreStatus backup(const std::string& target_path);

 private:
  SqliteStore(std::unique_ptr<GroupWriter> writer, std::unique_ptr<ReadPool> readers);

  std::unique_ptr<GroupWriter> writer_;
  std::unique_ptr<ReadPool> readers_;
};

}  // namespace gateway::storage
