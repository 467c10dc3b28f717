// The store's schema as numbered migrations, one script per version, for SQLite and
// PostgreSQL (the same tables; only column types differ). An adapter runs the scripts
// above the database's version in order and records the version (SQLite: PRAGMA
// user_version); it refuses a database newer than latest_schema_version().
//
// resources      one row per logical resource: pk, type, id, current_version, deleted
// versions       one row per version; seq (increasing) is the store's change sequence,
//                superseded_seq is set when the next version is written (NULL while current)
// idx_token, idx_string, idx_date, idx_reference, idx_uri, idx_number, idx_compartment
//                the index rows of one version (keyed by its seq), with the resource type
// store_health   one row the readiness probe rewrites
//
// A search as of snapshot S sees the versions with seq <= S AND (superseded_seq IS NULL OR
// superseded_seq > S) AND deleted = 0.
#pragma once

#include <string>
#include <vector>

#include "storage/sql/statement.hpp"

namespace gateway::storage::sql {

struct Migration {
  int version = 0;     // the schema version after the script ran: 1, 2, ...
  std::string script;  // several statements separated by ';'
};

// The migrations in order; migrations(d).back().version == latest_schema_version().
const std::vector<Migration>& migrations(Dialect dialect);
int latest_schema_version();

}  // namespace gateway::storage::sql
