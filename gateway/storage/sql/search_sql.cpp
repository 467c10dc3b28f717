// Builders of the read statements: the query shape is chosen for the indexes (a compartment
// or the first positive index clause drives the query; the rest are correlated lookups).
#include "storage/sql/search_sql.hpp"

#include "storage/sql/clause_sql.hpp"

namespace gateway::storage::sql {
namespace {

constexpr const char* kColumns =
    "v.seq, r.type, r.id, v.version, v.last_updated, v.deleted, v.json, v.compartments";
constexpr const char* kFrom = " FROM versions v JOIN resources r ON r.pk = v.resource_pk";

std::string in_list(ParameterList& parameters, const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) {
    if (!out.empty()) out += ", ";
    out += parameters.add(value);
  }
  return out;
}

// "c.key IN (...)" for the compartment keys, or a false condition for none.
std::string keys_condition(ParameterList& parameters, const std::string& alias,
                           const std::vector<std::string>& keys) {
  if (keys.empty()) return "1 = 0";
  return alias + ".key IN (" + in_list(parameters, keys) + ")";
}

// The WHERE condition of the matches of `query`; `snapshot` and `type` are placeholders.
StoreResult<std::string> match_condition(ClauseWriter& writer, ParameterList& parameters,
                                         const SearchQuery& query) {
  const RowScope row{"v", "r", placeholder(parameters.dialect(), 2)};
  std::vector<std::string> parts;
  bool driven = false;
  if (query.compartments) {
    parts.push_back("v.seq IN (SELECT c.seq FROM idx_compartment c WHERE " +
                    keys_condition(parameters, "c", *query.compartments) +
                    " AND c.type = " + row.type + ")");
    driven = true;
  }
  for (const auto& clause : query.clauses) {
    if (!driven) {
      auto set = writer.driving_set(clause, row);
      if (!set) return StoreResult<std::string>(set.error());
      if (*set) {
        parts.push_back("v.seq IN (" + **set + ")");
        driven = true;
        continue;
      }
    }
    auto condition = writer.condition(clause, row);
    if (!condition) return condition;
    parts.push_back(std::move(*condition));
  }
  std::string out = (driven ? unindexed(parameters.dialect(), "v.type") : std::string("v.type")) +
                    " = " + row.type + " AND " + writer.visible("v");
  for (const auto& part : parts) out += " AND " + part;
  return out;
}

struct SortTable {
  const char* table;
  const char* ascending;   // aggregate for ascending order
  const char* descending;  // and for descending
};

SortTable sort_table(SortKey::Kind kind) {
  switch (kind) {
    case SortKey::Kind::token:
      return {"idx_token", "MIN(s.code)", "MAX(s.code)"};
    case SortKey::Kind::string:
      return {"idx_string", "MIN(s.folded)", "MAX(s.folded)"};
    case SortKey::Kind::date:
      return {"idx_date", "MIN(s.low)", "MAX(s.high)"};
    case SortKey::Kind::number:
      return {"idx_number", "MIN(s.low)", "MAX(s.high)"};
    case SortKey::Kind::reference:
      return {"idx_reference", "MIN(s.target_type || '/' || s.target_id)",
              "MAX(s.target_type || '/' || s.target_id)"};
    case SortKey::Kind::uri:
      return {"idx_uri", "MIN(s.uri)", "MAX(s.uri)"};
    case SortKey::Kind::last_updated:
    case SortKey::Kind::id:
      break;
  }
  return {"", "", ""};
}

// Extra select columns and the ORDER BY for the sort keys; ties are broken by id.
void sort_clause(ParameterList& parameters, const SearchQuery& query, std::string& columns,
                 std::string& order) {
  if (query.sort.empty()) {
    order = " ORDER BY v.last_updated DESC, r.id ASC";
    return;
  }
  std::vector<std::string> keys;
  int n = 0;
  for (const auto& key : query.sort) {
    std::string expression;
    if (key.kind == SortKey::Kind::last_updated) {
      expression = "v.last_updated";
    } else if (key.kind == SortKey::Kind::id) {
      expression = "r.id";
    } else {
      const SortTable table = sort_table(key.kind);
      const std::string name = "sort" + std::to_string(n++);
      columns += ", (SELECT " + std::string(key.descending ? table.descending : table.ascending) +
                 " FROM " + table.table +
                 " s WHERE s.seq = v.seq AND s.param = " + parameters.add(key.param) + ") AS " +
                 name;
      expression = name;
    }
    keys.push_back(expression + (key.descending ? " DESC" : " ASC") + " NULLS LAST");
  }
  keys.emplace_back("r.id ASC");
  order = " ORDER BY ";
  for (std::size_t i = 0; i < keys.size(); ++i) order += (i ? ", " : "") + keys[i];
}

// Parameters 1 and 2 of every search statement: the snapshot and the type.
ParameterList search_parameters(Dialect dialect, const SearchQuery& query, std::int64_t snapshot) {
  ParameterList parameters(dialect);
  parameters.add(snapshot);
  parameters.add(query.type);
  return parameters;
}

}  // namespace

Statement snapshot_sql(Dialect) { return {"SELECT COALESCE(MAX(seq), 0) FROM versions", {}}; }

Statement read_sql(Dialect dialect, const std::string& type, const std::string& id) {
  ParameterList parameters(dialect);
  std::string text = std::string("SELECT ") + kColumns + kFrom +
                     " AND v.version = r.current_version WHERE r.type = " + parameters.add(type) +
                     " AND r.id = " + parameters.add(id);
  return std::move(parameters).finish(std::move(text));
}

Statement vread_sql(Dialect dialect, const std::string& type, const std::string& id,
                    std::int64_t version) {
  ParameterList parameters(dialect);
  std::string text =
      std::string("SELECT ") + kColumns + kFrom + " WHERE r.type = " + parameters.add(type) +
      " AND r.id = " + parameters.add(id) + " AND v.version = " + parameters.add(version);
  return std::move(parameters).finish(std::move(text));
}

StoreResult<Statement> history_sql(Dialect dialect, const HistoryQuery& query, std::int64_t limit) {
  ParameterList parameters(dialect);
  std::string where = " WHERE 1 = 1";
  if (!query.id.empty()) {
    if (query.type.empty()) {
      return StoreResult<Statement>(
          store_error(StoreErrorKind::invalid, "instance history needs the type"));
    }
    where +=
        " AND r.type = " + parameters.add(query.type) + " AND r.id = " + parameters.add(query.id);
  } else if (!query.type.empty()) {
    where += " AND v.type = " + parameters.add(query.type);
  }
  if (query.since) where += " AND v.last_updated >= " + parameters.add(*query.since);
  if (query.before_sequence) where += " AND v.seq < " + parameters.add(*query.before_sequence);
  if (query.compartments) {
    where += " AND v.seq IN (SELECT c.seq FROM idx_compartment c WHERE " +
             keys_condition(parameters, "c", *query.compartments) + ")";
  }
  std::string text = std::string("SELECT ") + kColumns + kFrom + where +
                     " ORDER BY v.seq DESC LIMIT " + parameters.add(limit);
  return std::move(parameters).finish(std::move(text));
}

StoreResult<Statement> search_sql(Dialect dialect, const SearchQuery& query, std::int64_t snapshot,
                                  std::int64_t offset, std::int64_t limit) {
  ParameterList parameters = search_parameters(dialect, query, snapshot);
  ClauseWriter writer(parameters, placeholder(dialect, 1), query.compartments);
  auto condition = match_condition(writer, parameters, query);
  if (!condition) return StoreResult<Statement>(condition.error());
  std::string columns = kColumns;
  std::string order;
  sort_clause(parameters, query, columns, order);
  std::string text = "SELECT " + columns + kFrom + " WHERE " + *condition + order + " LIMIT " +
                     parameters.add(limit) + " OFFSET " + parameters.add(offset);
  return std::move(parameters).finish(std::move(text));
}

StoreResult<Statement> search_count_sql(Dialect dialect, const SearchQuery& query,
                                        std::int64_t snapshot) {
  ParameterList parameters = search_parameters(dialect, query, snapshot);
  ClauseWriter writer(parameters, placeholder(dialect, 1), query.compartments);
  auto condition = match_condition(writer, parameters, query);
  if (!condition) return StoreResult<Statement>(condition.error());
  std::string text = std::string("SELECT COUNT(*)") + kFrom + " WHERE " + *condition;
  return std::move(parameters).finish(std::move(text));
}

StoreResult<Statement> include_sql(Dialect dialect, const SearchQuery& query,
                                   const Include& include,
                                   const std::vector<std::int64_t>& match_seqs,
                                   const std::vector<std::string>& match_ids,
                                   std::int64_t snapshot) {
  if (include.param.empty()) {
    return StoreResult<Statement>(store_error(StoreErrorKind::invalid, "an include needs a param"));
  }
  ParameterList parameters(dialect);
  ClauseWriter writer(parameters, parameters.add(snapshot));
  std::string text = std::string("SELECT ") + kColumns;
  if (!include.reverse) {
    std::string seqs;
    for (auto seq : match_seqs) seqs += (seqs.empty() ? "" : ", ") + parameters.add(seq);
    if (seqs.empty()) seqs = "NULL";
    text +=
        " FROM idx_reference x JOIN resources r ON r.type = x.target_type AND r.id = x.target_id"
        " JOIN versions v ON v.resource_pk = r.pk WHERE x.seq IN (" +
        seqs + ") AND x.param = " + parameters.add(include.param);
    if (!include.source_type.empty())
      text += " AND x.type = " + parameters.add(include.source_type);
  } else {
    if (include.source_type.empty()) {
      return StoreResult<Statement>(
          store_error(StoreErrorKind::invalid, "a reverse include needs its source type"));
    }
    std::string ids = in_list(parameters, match_ids);
    if (ids.empty()) ids = "NULL";
    text +=
        " FROM idx_reference x JOIN versions v ON v.seq = x.seq"
        " JOIN resources r ON r.pk = v.resource_pk WHERE x.type = " +
        parameters.add(include.source_type) + " AND x.param = " + parameters.add(include.param) +
        " AND x.target_type = " + parameters.add(query.type) + " AND x.target_id IN (" + ids + ")";
  }
  if (!include.target_type.empty()) text += " AND r.type = " + parameters.add(include.target_type);
  text += " AND " + writer.visible("v");
  if (query.compartments) {
    text += " AND EXISTS (SELECT 1 FROM idx_compartment c WHERE c.seq = v.seq AND " +
            keys_condition(parameters, "c", *query.compartments) + ")";
  }
  return std::move(parameters).finish(std::move(text));
}

}  // namespace gateway::storage::sql
