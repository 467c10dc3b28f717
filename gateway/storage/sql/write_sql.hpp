// The write side of the store as SQL: the statements a writer runs to apply puts, deletions
// and expunges, with numbered placeholders (documented beside each) for one dialect.
#pragma once

#include <string>
#include <vector>

#include "storage/sql/statement.hpp"

namespace gateway::storage::sql {

struct WriteSql {
  std::string find_resource;    // 1 type, 2 id -> pk, current_version, deleted
  std::string insert_resource;  // 1 type, 2 id, 3 current_version, 4 deleted -> pk
  std::string update_resource;  // 1 pk, 2 current_version, 3 deleted
  std::string insert_version;   // 1 resource_pk, 2 type, 3 version, 4 last_updated,
                                // 5 deleted, 6 json ("" stores NULL), 7 compartments -> seq
  std::string supersede;        // 1 resource_pk, 2 seq of the new version
  // 1 resource_pk: the index rows of all its versions, one statement per index table (the
  // rows themselves are written by index_insert_sql.hpp)
  std::vector<std::string> delete_index_rows;
  std::string delete_versions;  // 1 resource_pk (after delete_index_rows)
  std::string delete_resource;  // 1 pk
  std::string latest_update;    // -> the highest last_updated stored (0 when empty)
  std::string probe;            // 1 now (ms): the readiness probe's write
};

const WriteSql& write_sql(Dialect dialect);

}  // namespace gateway::storage::sql
