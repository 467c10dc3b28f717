// The read side of the store as SQL: searches (a page, the total, includes), history,
// read and vread, and the current snapshot. Every statement that returns versions selects
// the columns in VersionColumn order; an adapter turns such a row into a StoredVersion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/resource_store.hpp"
#include "storage/sql/statement.hpp"

namespace gateway::storage::sql {

// The columns of a version row, by position.
constexpr int kColumnSeq = 0;
constexpr int kColumnType = 1;
constexpr int kColumnId = 2;
constexpr int kColumnVersion = 3;
constexpr int kColumnLastUpdated = 4;
constexpr int kColumnDeleted = 5;
constexpr int kColumnJson = 6;          // NULL for a deletion
constexpr int kColumnCompartments = 7;  // join_compartments() form
constexpr int kVersionColumnCount = 8;

// The highest change sequence written so far (one integer; 0 for an empty store).
Statement snapshot_sql(Dialect dialect);
// The current version of type/id (no row: not found; deleted = 1: a deletion).
Statement read_sql(Dialect dialect, const std::string& type, const std::string& id);
// Version `version` of type/id.
Statement vread_sql(Dialect dialect, const std::string& type, const std::string& id,
                    std::int64_t version);
// Up to `limit` versions, newest first (ask for count + 1 to know whether more follow).
[[nodiscard]] StoreResult<Statement> history_sql(Dialect dialect, const HistoryQuery& query,
                                                 std::int64_t limit);

// The matches at `snapshot` in sort order, `limit` rows from `offset` (ask for count + 1
// to know whether more follow). Rows may carry further sort columns after the version ones.
[[nodiscard]] StoreResult<Statement> search_sql(Dialect dialect, const SearchQuery& query,
                                                std::int64_t snapshot, std::int64_t offset,
                                                std::int64_t limit);
// The number of matches at `snapshot` (one integer).
[[nodiscard]] StoreResult<Statement> search_count_sql(Dialect dialect, const SearchQuery& query,
                                                      std::int64_t snapshot);
// The versions `include` adds for the page's matches (their seqs and ids), at `snapshot`,
// within query.compartments. May repeat a version: the caller removes duplicates and
// versions already among the matches.
[[nodiscard]] StoreResult<Statement> include_sql(Dialect dialect, const SearchQuery& query,
                                                 const Include& include,
                                                 const std::vector<std::int64_t>& match_seqs,
                                                 const std::vector<std::string>& match_ids,
                                                 std::int64_t snapshot);

}  // namespace gateway::storage::sql
