// The index rows of one stored version as multi-row INSERT statements: one statement per
// index table that has rows (more rows than kMaxRowsPerInsert are split), so a write costs a
// handful of statements however many values its resource has.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/index_values.hpp"
#include "storage/sql/statement.hpp"

namespace gateway::storage::sql {

inline constexpr std::size_t kMaxRowsPerInsert = 64;

struct IndexInsert {
  std::string name;  // the table and row count ("idx_token*3"): a prepared statement's name
  Statement statement;
};

std::vector<IndexInsert> index_insert_sql(Dialect dialect, std::int64_t seq,
                                          const std::string& type, const IndexValues& index);

}  // namespace gateway::storage::sql
