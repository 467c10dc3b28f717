// The write side of the store as SQL: the statements a writer runs to apply puts, deletions
// and expunges, with numbered placeholders (documented beside each) for one dialect.
#pragma once

#include <string>

#include "storage/sql/statement.hpp"

namespace gateway::storage::sql {

struct WriteSql {
  std::string find_resource;       // 1 type, 2 id -> pk, current_version, deleted
  std::string insert_resource;     // 1 type, 2 id, 3 current_version, 4 deleted -> pk
  std::string update_resource;     // 1 pk, 2 current_version, 3 deleted
  std::string insert_version;      // 1 resource_pk, 2 type, 3 version, 4 last_updated,
                                   // 5 deleted, 6 json ("" stores NULL), 7 compartments -> seq
  std::string supersede;           // 1 resource_pk, 2 seq of the new version
  std::string insert_token;        // 1 seq, 2 type, 3 param, 4 system, 5 code, 6 of_type
  std::string insert_string;       // 1 seq, 2 type, 3 param, 4 folded, 5 exact
  std::string insert_date;         // 1 seq, 2 type, 3 param, 4 low, 5 high
  std::string insert_reference;    // 1 seq, 2 type, 3 param, 4 target_type, 5 target_id, 6 url,
                                   // 7 identifier_system, 8 identifier_value
  std::string insert_uri;          // 1 seq, 2 type, 3 param, 4 uri
  std::string insert_number;       // 1 seq, 2 type, 3 param, 4 low, 5 high, 6 system, 7 code
  std::string insert_compartment;  // 1 seq, 2 type, 3 key
  std::string delete_versions;     // 1 resource_pk (index rows go with them: ON DELETE CASCADE)
  std::string delete_resource;     // 1 pk
  std::string latest_update;       // -> the highest last_updated stored (0 when empty)
  std::string probe;               // 1 now (ms): the readiness probe's write
};

const WriteSql& write_sql(Dialect dialect);

}  // namespace gateway::storage::sql
