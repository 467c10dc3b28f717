// The writer's statements, written with ?N and renumbered as $N for PostgreSQL.
#include "storage/sql/write_sql.hpp"

namespace gateway::storage::sql {
namespace {

std::string in_dialect(Dialect dialect, std::string text) {
  if (dialect == Dialect::sqlite) return text;
  for (auto& c : text) {
    if (c == '?') c = '$';
  }
  return text;
}

WriteSql build(Dialect d) {
  WriteSql w;
  w.find_resource = in_dialect(
      d, "SELECT pk, current_version, deleted FROM resources WHERE type = ?1 AND id = ?2");
  w.insert_resource = in_dialect(d,
                                 "INSERT INTO resources (type, id, current_version, deleted) "
                                 "VALUES (?1, ?2, ?3, ?4) RETURNING pk");
  w.update_resource =
      in_dialect(d, "UPDATE resources SET current_version = ?2, deleted = ?3 WHERE pk = ?1");
  w.insert_version =
      in_dialect(d,
                 "INSERT INTO versions (resource_pk, type, version, last_updated, deleted, json, "
                 "compartments) VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, ''), ?7) RETURNING seq");
  w.supersede = in_dialect(d,
                           "UPDATE versions SET superseded_seq = ?2 WHERE resource_pk = ?1 AND "
                           "superseded_seq IS NULL AND seq <> ?2");
  for (const char* table : {"idx_token", "idx_string", "idx_date", "idx_reference", "idx_uri",
                            "idx_number", "idx_compartment"}) {
    w.delete_index_rows.push_back(
        in_dialect(d, std::string("DELETE FROM ") + table +
                          " WHERE seq IN (SELECT seq FROM versions WHERE resource_pk = ?1)"));
  }
  w.delete_versions = in_dialect(d, "DELETE FROM versions WHERE resource_pk = ?1");
  w.delete_resource = in_dialect(d, "DELETE FROM resources WHERE pk = ?1");
  w.latest_update = "SELECT COALESCE(MAX(last_updated), 0) FROM versions";
  w.probe = in_dialect(d, "UPDATE store_health SET checked_at = ?1 WHERE id = 1");
  return w;
}

}  // namespace

const WriteSql& write_sql(Dialect dialect) {
  static const WriteSql kSqlite = build(Dialect::sqlite);
  static const WriteSql kPostgres = build(Dialect::postgres);
  return dialect == Dialect::sqlite ? kSqlite : kPostgres;
}

}  // namespace gateway::storage::sql
