// Applies the operations of one transaction on the writer's connection, inside the
// savepoint the group writer opened: version numbers and expected versions, the meta stamp,
// the version row, superseding the previous version, index and compartment rows.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/sql/write_operations.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace gateway::storage {

class SqliteWriteApplier {
 public:
  explicit SqliteWriteApplier(std::int64_t latest_update) : latest_update_(latest_update) {}
  // Stops at the first failing operation (the caller rolls the savepoint back).
  [[nodiscard]] StoreResult<std::vector<WriteOutcome>> apply(
      SqliteConnection& connection, std::vector<sql::WriteOperation>& operations);

 private:
  struct Existing {
    std::int64_t pk = 0;
    std::int64_t current_version = 0;
    bool deleted = false;
  };
  [[nodiscard]] StoreResult<std::optional<Existing>> find(SqliteConnection& c,
                                                          const std::string& type,
                                                          const std::string& id);
  [[nodiscard]] StoreResult<WriteOutcome> put(SqliteConnection& c, ResourceWrite& write);
  [[nodiscard]] StoreResult<WriteOutcome> remove(SqliteConnection& c,
                                                 const sql::RemoveOperation& remove);
  [[nodiscard]] StoreResult<WriteOutcome> put_if_none_exist(
      SqliteConnection& c, sql::ConditionalPutOperation& operation);
  [[nodiscard]] StoreResult<WriteOutcome> expunge(SqliteConnection& c,
                                                  const sql::ExpungeOperation& expunge);
  [[nodiscard]] StoreStatus write_index(SqliteConnection& c, std::int64_t seq,
                                        const std::string& type, const IndexValues& index);
  // Never earlier than the last stamp, so lastUpdated follows the change sequence.
  std::int64_t next_update();

  std::int64_t latest_update_;
};

}  // namespace gateway::storage
