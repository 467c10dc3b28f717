// Read statements from the shared SQL run on PostgreSQL, rows turned into StoredVersions.
#include "storage/postgres/pg_queries.hpp"

#include <charconv>
#include <unordered_set>

#include "storage/sql/search_sql.hpp"

namespace gateway::storage::postgres {
namespace {

constexpr auto kDialect = sql::Dialect::postgres;
constexpr unsigned kInt8Oid = 20;
constexpr unsigned kTextOid = 25;
constexpr unsigned kFloat8Oid = 701;

std::string double_text(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest round trip
  return std::string(text, end);
}

// Every parameter as text with its type, so no statement depends on the server's inference.
void bind(const sql::Statement& statement, PgParams& values, PgTypes& types) {
  values.reserve(statement.parameters.size());
  types.reserve(statement.parameters.size());
  for (const auto& parameter : statement.parameters) {
    if (const auto* number = std::get_if<std::int64_t>(&parameter)) {
      values.emplace_back(std::to_string(*number));
      types.push_back(kInt8Oid);
    } else if (const auto* real = std::get_if<double>(&parameter)) {
      values.emplace_back(double_text(*real));
      types.push_back(kFloat8Oid);
    } else {
      values.emplace_back(std::get<std::string>(parameter));
      types.push_back(kTextOid);
    }
  }
}

StoredVersion version_from_row(const PgRows& rows, int row) {
  StoredVersion version;
  version.sequence = rows.int64(row, sql::kColumnSeq);
  version.type = rows.text(row, sql::kColumnType);
  version.id = rows.text(row, sql::kColumnId);
  version.version = rows.int64(row, sql::kColumnVersion);
  version.last_updated = rows.int64(row, sql::kColumnLastUpdated);
  version.deleted = rows.int64(row, sql::kColumnDeleted) != 0;
  if (!rows.is_null(row, sql::kColumnJson)) version.json = rows.text(row, sql::kColumnJson);
  version.compartments =
      sql::split_compartments(std::string(rows.text(row, sql::kColumnCompartments)));
  return version;
}

StoreResult<StoredVersion> single(StoreResult<std::vector<StoredVersion>> versions,
                                  const std::string& what) {
  if (!versions) return std::move(versions).take_error();
  if (versions->empty()) return store_error(StoreErrorKind::not_found, what);
  return std::move(versions->front());
}

}  // namespace

StoreResult<PgRows> run(PgConnection& connection, std::string_view what,
                        const sql::Statement& statement) {
  PgParams values;
  PgTypes types;
  bind(statement, values, types);
  return connection.exec_cached(what, statement.text, values, types);
}

StoreResult<PgRows> run_prepared(PgConnection& connection, const std::string& name,
                                 const sql::Statement& statement) {
  PgParams values;
  PgTypes types;
  bind(statement, values, types);
  return connection.exec_prepared(name, statement.text, values, types);
}

StoreResult<std::vector<StoredVersion>> query_versions(PgConnection& connection,
                                                       std::string_view what,
                                                       const sql::Statement& statement) {
  auto rows = run(connection, what, statement);
  if (!rows) return std::move(rows).take_error();
  std::vector<StoredVersion> versions;
  versions.reserve(static_cast<std::size_t>(rows->rows()));
  for (int row = 0; row < rows->rows(); ++row) versions.push_back(version_from_row(*rows, row));
  return versions;
}

StoreResult<StoredVersion> read_current(PgConnection& connection, const std::string& type,
                                        const std::string& id) {
  auto current = single(query_versions(connection, "read", sql::read_sql(kDialect, type, id)),
                        "no " + type + "/" + id);
  if (current && current->deleted) {
    return store_error(StoreErrorKind::deleted, type + "/" + id + " is deleted", current->version);
  }
  return current;
}

StoreResult<StoredVersion> read_version(PgConnection& connection, const std::string& type,
                                        const std::string& id, std::int64_t version) {
  return single(query_versions(connection, "vread", sql::vread_sql(kDialect, type, id, version)),
                "no " + type + "/" + id + "/_history/" + std::to_string(version));
}

StoreResult<HistoryPage> read_history(PgConnection& connection, const HistoryQuery& query) {
  const auto limit = static_cast<std::int64_t>(query.count) + 1;
  auto statement = sql::history_sql(kDialect, query, limit);
  if (!statement) return std::move(statement).take_error();
  auto versions = query_versions(connection, "history", *statement);
  if (!versions) return std::move(versions).take_error();
  HistoryPage page;
  page.versions = std::move(*versions);
  if (page.versions.size() > query.count) {
    page.versions.resize(query.count);
    if (!page.versions.empty()) page.next_before_sequence = page.versions.back().sequence;
  }
  return page;
}

StoreResult<SearchPage> run_search(PgConnection& connection, const SearchQuery& query,
                                   std::int64_t snapshot) {
  SearchPage page;
  page.snapshot = snapshot;
  const std::int64_t offset = query.cursor ? query.cursor->offset : 0;
  if (query.count > 0) {
    const auto count = static_cast<std::int64_t>(query.count);
    auto statement = sql::search_sql(kDialect, query, snapshot, offset, count + 1);
    if (!statement) return std::move(statement).take_error();
    auto matches = query_versions(connection, "search", *statement);
    if (!matches) return std::move(matches).take_error();
    page.matches = std::move(*matches);
    if (page.matches.size() > query.count) {
      page.matches.resize(query.count);
      if (!query.single_page) page.next = Cursor{snapshot, offset + count};
    }
  }
  if (query.total != TotalMode::none) {
    auto statement = sql::search_count_sql(kDialect, query, snapshot);
    if (!statement) return std::move(statement).take_error();
    auto total = run(connection, "search total", *statement);
    if (!total) return std::move(total).take_error();
    page.total = total->int64(0, 0);
  }
  if (query.includes.empty() || page.matches.empty()) return page;
  std::vector<std::int64_t> seqs;
  std::vector<std::string> ids;
  std::unordered_set<std::int64_t> seen;
  for (const auto& match : page.matches) {
    seqs.push_back(match.sequence);
    ids.push_back(match.id);
    seen.insert(match.sequence);
  }
  for (const auto& include : query.includes) {
    auto statement = sql::include_sql(kDialect, query, include, seqs, ids, snapshot);
    if (!statement) return std::move(statement).take_error();
    auto included = query_versions(connection, "include", *statement);
    if (!included) return std::move(included).take_error();
    for (auto& version : *included) {
      if (seen.insert(version.sequence).second) page.included.push_back(std::move(version));
    }
  }
  return page;
}

}  // namespace gateway::storage::postgres
