// Read statements from the shared SQL run on SQLite, rows turned into StoredVersions.
#include "storage/sqlite/sqlite_queries.hpp"

#include <unordered_set>

#include "storage/sql/search_sql.hpp"

namespace gateway::storage {
namespace {

constexpr auto kDialect = sql::Dialect::sqlite;

StoredVersion version_from_row(const SqliteRows& row) {
  StoredVersion version;
  version.sequence = row.integer(sql::kColumnSeq);
  version.type = row.text(sql::kColumnType);
  version.id = row.text(sql::kColumnId);
  version.version = row.integer(sql::kColumnVersion);
  version.last_updated = row.integer(sql::kColumnLastUpdated);
  version.deleted = row.integer(sql::kColumnDeleted) != 0;
  version.json = row.text(sql::kColumnJson);
  version.compartments = sql::split_compartments(row.text(sql::kColumnCompartments));
  return version;
}

StoreResult<StoredVersion> single(StoreResult<std::vector<StoredVersion>> versions,
                                  const std::string& what) {
  if (!versions) return std::move(versions).take_error();
  if (versions->empty()) return store_error(StoreErrorKind::not_found, what);
  return std::move(versions->front());
}

}  // namespace

StoreResult<std::vector<StoredVersion>> query_versions(SqliteConnection& connection,
                                                       const sql::Statement& statement) {
  auto rows = connection.query(statement);
  if (!rows) return std::move(rows).take_error();
  std::vector<StoredVersion> versions;
  for (;;) {
    auto more = rows->next();
    if (!more) return std::move(more).take_error();
    if (!*more) return versions;
    versions.push_back(version_from_row(*rows));
  }
}

StoreResult<StoredVersion> read_current(SqliteConnection& connection, const std::string& type,
                                        const std::string& id) {
  auto current = single(query_versions(connection, sql::read_sql(kDialect, type, id)),
                        "no " + type + "/" + id);
  if (current && current->deleted) {
    return store_error(StoreErrorKind::deleted, type + "/" + id + " is deleted", current->version);
  }
  return current;
}

StoreResult<StoredVersion> read_version(SqliteConnection& connection, const std::string& type,
                                        const std::string& id, std::int64_t version) {
  return single(query_versions(connection, sql::vread_sql(kDialect, type, id, version)),
                "no " + type + "/" + id + "/_history/" + std::to_string(version));
}

StoreResult<HistoryPage> read_history(SqliteConnection& connection, const HistoryQuery& query) {
  const auto limit = static_cast<std::int64_t>(query.count) + 1;
  auto statement = sql::history_sql(kDialect, query, limit);
  if (!statement) return std::move(statement).take_error();
  auto versions = query_versions(connection, *statement);
  if (!versions) return std::move(versions).take_error();
  HistoryPage page;
  page.versions = std::move(*versions);
  if (page.versions.size() > query.count) {
    page.versions.resize(query.count);
    page.next_before_sequence =
        page.versions.empty() ? std::optional<std::int64_t>() : page.versions.back().sequence;
  }
  return page;
}

StoreResult<SearchPage> run_search(SqliteConnection& connection, const SearchQuery& query) {
  SearchPage page;
  std::int64_t offset = 0;
  if (query.cursor) {
    if (query.cursor->snapshot <= 0 || query.cursor->offset < 0) {
      return store_error(StoreErrorKind::invalid, "a malformed cursor");
    }
    page.snapshot = query.cursor->snapshot;
    offset = query.cursor->offset;
  } else {
    auto snapshot = connection.integer(sql::snapshot_sql(kDialect));
    if (!snapshot) return std::move(snapshot).take_error();
    page.snapshot = *snapshot;
  }
  if (query.count > 0) {
    const auto count = static_cast<std::int64_t>(query.count);
    auto statement = sql::search_sql(kDialect, query, page.snapshot, offset, count + 1);
    if (!statement) return std::move(statement).take_error();
    auto matches = query_versions(connection, *statement);
    if (!matches) return std::move(matches).take_error();
    page.matches = std::move(*matches);
    if (page.matches.size() > query.count) {
      page.matches.resize(query.count);
      if (!query.single_page) page.next = Cursor{page.snapshot, offset + count};
    }
  }
  if (query.total != TotalMode::none) {
    auto statement = sql::search_count_sql(kDialect, query, page.snapshot);
    if (!statement) return std::move(statement).take_error();
    auto total = connection.integer(*statement);
    if (!total) return std::move(total).take_error();
    page.total = *total;
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
    auto statement = sql::include_sql(kDialect, query, include, seqs, ids, page.snapshot);
    if (!statement) return std::move(statement).take_error();
    auto included = query_versions(connection, *statement);
    if (!included) return std::move(included).take_error();
    for (auto& version : *included) {
      if (seen.insert(version.sequence).second) page.included.push_back(std::move(version));
    }
  }
  return page;
}

}  // namespace gateway::storage
