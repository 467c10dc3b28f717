// The schema migrations, written once and specialised per dialect by a few type words.
#include "storage/sql/schema.hpp"

#include <map>

namespace gateway::storage::sql {
namespace {

// Version 1: resources, versions, the index tables and their hot-path indexes. The index
// tables carry no foreign key (a check per row is most of a write's cost); an expunge deletes
// their rows itself (write_sql.hpp: delete_index_rows).
constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE resources (
  pk @PK@,
  type @TEXT@ NOT NULL,
  id @TEXT@ NOT NULL,
  current_version @INT@ NOT NULL,
  deleted @INT@ NOT NULL,
  UNIQUE (type, id)
);
CREATE TABLE versions (
  seq @PK@,
  resource_pk @INT@ NOT NULL REFERENCES resources (pk),
  type @TEXT@ NOT NULL,
  version @INT@ NOT NULL,
  last_updated @INT@ NOT NULL,
  deleted @INT@ NOT NULL,
  json TEXT,
  compartments TEXT NOT NULL,
  superseded_seq @INT@,
  UNIQUE (resource_pk, version)
);
CREATE INDEX versions_type_seq ON versions (type, seq);
CREATE INDEX versions_type_updated ON versions (type, last_updated, seq);
CREATE TABLE idx_token (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  param @TEXT@ NOT NULL,
  system @TEXT@ NOT NULL,
  code @TEXT@ NOT NULL,
  of_type @TEXT@ NOT NULL
);
CREATE INDEX idx_token_code ON idx_token (type, param, code, system, seq);
CREATE INDEX idx_token_seq ON idx_token (seq, param);
CREATE TABLE idx_string (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  param @TEXT@ NOT NULL,
  folded @TEXT@ NOT NULL,
  exact @TEXT@ NOT NULL
);
CREATE INDEX idx_string_folded ON idx_string (type, param, folded, seq);
CREATE INDEX idx_string_seq ON idx_string (seq, param);
CREATE TABLE idx_date (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  param @TEXT@ NOT NULL,
  low @INT@ NOT NULL,
  high @INT@ NOT NULL
);
CREATE INDEX idx_date_range ON idx_date (type, param, low, high, seq);
CREATE INDEX idx_date_seq ON idx_date (seq, param);
CREATE TABLE idx_reference (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  param @TEXT@ NOT NULL,
  target_type @TEXT@ NOT NULL,
  target_id @TEXT@ NOT NULL,
  url @TEXT@ NOT NULL,
  identifier_system @TEXT@ NOT NULL,
  identifier_value @TEXT@ NOT NULL
);
CREATE INDEX idx_reference_target ON idx_reference (type, param, target_id, target_type, seq);
CREATE INDEX idx_reference_seq ON idx_reference (seq, param);
CREATE TABLE idx_uri (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  param @TEXT@ NOT NULL,
  uri @TEXT@ NOT NULL
);
CREATE INDEX idx_uri_value ON idx_uri (type, param, uri, seq);
CREATE INDEX idx_uri_seq ON idx_uri (seq, param);
CREATE TABLE idx_number (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  param @TEXT@ NOT NULL,
  low @REAL@ NOT NULL,
  high @REAL@ NOT NULL,
  system @TEXT@ NOT NULL,
  code @TEXT@ NOT NULL
);
CREATE INDEX idx_number_range ON idx_number (type, param, low, high, seq);
CREATE INDEX idx_number_seq ON idx_number (seq, param);
CREATE TABLE idx_compartment (
  seq @INT@ NOT NULL,
  type @TEXT@ NOT NULL,
  key @TEXT@ NOT NULL
);
CREATE INDEX idx_compartment_key ON idx_compartment (key, type, seq);
CREATE INDEX idx_compartment_seq ON idx_compartment (seq);
CREATE TABLE store_health (
  id @INT@ PRIMARY KEY,
  checked_at @INT@ NOT NULL
);
INSERT INTO store_health (id, checked_at) VALUES (1, 0);
)SQL";

std::string specialise(std::string script, const std::map<std::string, std::string>& words) {
  for (const auto& [word, replacement] : words) {
    for (auto at = script.find(word); at != std::string::npos;
         at = script.find(word, at + replacement.size())) {
      script.replace(at, word.size(), replacement);
    }
  }
  return script;
}

std::vector<Migration> build(Dialect dialect) {
  // SQLite: AUTOINCREMENT so a sequence number is never reused after an expunge.
  // PostgreSQL: byte-order ("C") collation, so prefix ranges match what SQLite does.
  const std::map<std::string, std::string> words =
      dialect == Dialect::sqlite
          ? std::map<std::string, std::string>{{"@PK@", "INTEGER PRIMARY KEY AUTOINCREMENT"},
                                               {"@INT@", "INTEGER"},
                                               {"@REAL@", "REAL"},
                                               {"@TEXT@", "TEXT"}}
          : std::map<std::string, std::string>{
                {"@PK@", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
                {"@INT@", "BIGINT"},
                {"@REAL@", "DOUBLE PRECISION"},
                {"@TEXT@", "TEXT COLLATE \"C\""}};
  return {Migration{1, specialise(kSchemaV1, words)}};
}

}  // namespace

const std::vector<Migration>& migrations(Dialect dialect) {
  static const std::vector<Migration> kSqlite = build(Dialect::sqlite);
  static const std::vector<Migration> kPostgres = build(Dialect::postgres);
  return dialect == Dialect::sqlite ? kSqlite : kPostgres;
}

int latest_schema_version() { return 1; }

}  // namespace gateway::storage::sql
