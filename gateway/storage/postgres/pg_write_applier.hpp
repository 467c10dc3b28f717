// Applies the operations of one transaction on PostgreSQL, inside the caller's BEGIN ...
// COMMIT, with optimistic concurrency: the resource row changes only by a conditional
// UPDATE ... WHERE current_version = <the version read>, so of two concurrent writers of one
// resource the second finds no row and sees a version conflict (or, without an expected
// version, reads again and retries), at READ COMMITTED, with no lost update.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.hpp"
#include "storage/sql/write_operations.hpp"

namespace gateway::storage::postgres {

class PgWriteApplier {
 public:
  explicit PgWriteApplier(PgConnection& connection) : c_(connection) {}
  // Stops at the first failing operation (the caller rolls back).
  [[nodiscard]] StoreResult<std::vector<WriteOutcome>> apply(
      std::vector<sql::WriteOperation>& operations);

 private:
  struct Existing {
    std::int64_t pk = 0;
    std::int64_t current_version = 0;
    bool deleted = false;
  };
  [[nodiscard]] StoreResult<std::optional<Existing>> find(const std::string& type,
                                                          const std::string& id);
  // The conditional UPDATE: false when the resource is no longer at `from_version`.
  [[nodiscard]] StoreResult<bool> advance(std::int64_t pk, std::int64_t from_version, bool deleted);
  [[nodiscard]] StoreResult<WriteOutcome> put(ResourceWrite& write);
  [[nodiscard]] StoreResult<WriteOutcome> remove(const sql::RemoveOperation& remove);
  [[nodiscard]] StoreResult<WriteOutcome> put_if_none_exist(
      sql::ConditionalPutOperation& operation);
  [[nodiscard]] StoreResult<WriteOutcome> expunge(const sql::ExpungeOperation& expunge);
  [[nodiscard]] StoreResult<std::int64_t> insert_version(std::int64_t pk, StoredVersion& version);
  [[nodiscard]] StoreStatus write_index(std::int64_t seq, const std::string& type,
                                        const IndexValues& index);
  std::int64_t next_update();

  PgConnection& c_;
  std::int64_t latest_update_ = 0;
};

}  // namespace gateway::storage::postgres
