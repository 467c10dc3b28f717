// The writer's per-operation logic on SQLite.
#include "storage/sqlite/sqlite_write_applier.hpp"

#include <algorithm>

#include "storage/sql/index_insert_sql.hpp"
#include "storage/sql/search_sql.hpp"
#include "storage/sql/version_stamp.hpp"
#include "storage/sql/write_sql.hpp"
#include "storage/sqlite/sqlite_queries.hpp"

namespace gateway::storage {
namespace {

const sql::WriteSql& statements() { return sql::write_sql(sql::Dialect::sqlite); }

sql::Statement with(const std::string& text, std::vector<sql::Parameter> parameters) {
  return sql::Statement{text, std::move(parameters)};
}

}  // namespace

std::int64_t SqliteWriteApplier::next_update() {
  latest_update_ = std::max(latest_update_, sql::now_ms());
  return latest_update_;
}

StoreResult<std::vector<WriteOutcome>> SqliteWriteApplier::apply(
    SqliteConnection& connection, std::vector<sql::WriteOperation>& operations) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(operations.size());
  for (auto& operation : operations) {
    StoreResult<WriteOutcome> outcome = std::visit(
        [&](auto& op) -> StoreResult<WriteOutcome> {
          using Op = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<Op, sql::PutOperation>) return put(connection, op.write);
          if constexpr (std::is_same_v<Op, sql::RemoveOperation>) return remove(connection, op);
          if constexpr (std::is_same_v<Op, sql::ConditionalPutOperation>) {
            return put_if_none_exist(connection, op);
          }
          if constexpr (std::is_same_v<Op, sql::ExpungeOperation>) return expunge(connection, op);
        },
        operation);
    if (!outcome) return std::move(outcome).take_error();
    outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

StoreResult<std::optional<SqliteWriteApplier::Existing>> SqliteWriteApplier::find(
    SqliteConnection& c, const std::string& type, const std::string& id) {
  auto rows = c.query(with(statements().find_resource, {type, id}));
  if (!rows) return std::move(rows).take_error();
  auto row = rows->next();
  if (!row) return std::move(row).take_error();
  if (!*row) return std::optional<Existing>();
  return std::optional<Existing>(
      Existing{rows->integer(0), rows->integer(1), rows->integer(2) != 0});
}

StoreResult<WriteOutcome> SqliteWriteApplier::put(SqliteConnection& c, ResourceWrite& write) {
  auto existing = find(c, write.type, write.id);
  if (!existing) return std::move(existing).take_error();
  const std::string name = write.type + "/" + write.id;
  if (write.expected_version) {
    const auto expected = *write.expected_version;
    if (expected == 0 && *existing && !(*existing)->deleted) {
      return store_error(StoreErrorKind::duplicate, name + " exists already",
                         (*existing)->current_version);
    }
    if (expected > 0 && !*existing) return store_error(StoreErrorKind::not_found, "no " + name);
    if (expected > 0 && (*existing)->current_version != expected) {
      return store_error(StoreErrorKind::version_conflict,
                         name + " is not at version " + std::to_string(expected),
                         (*existing)->current_version);
    }
  }
  WriteOutcome outcome;
  outcome.created = !*existing || (*existing)->deleted;
  StoredVersion& version = outcome.version;
  version.type = write.type;
  version.id = write.id;
  version.version = *existing ? (*existing)->current_version + 1 : 1;
  version.last_updated = next_update();
  version.compartments = write.index.compartments;
  sql::stamp_version(write.resource, version.version, version.last_updated);
  version.json = write.resource.dump();

  std::int64_t pk = 0;
  if (*existing) {
    pk = (*existing)->pk;
    if (auto updated =
            c.run(with(statements().update_resource, {pk, version.version, std::int64_t{0}}));
        !updated) {
      return std::move(updated).take_error();
    }
  } else {
    auto inserted = c.integer(with(statements().insert_resource,
                                   {write.type, write.id, version.version, std::int64_t{0}}));
    if (!inserted) return std::move(inserted).take_error();
    pk = *inserted;
  }
  auto seq = c.integer(with(statements().insert_version,
                            {pk, write.type, version.version, version.last_updated, std::int64_t{0},
                             version.json, sql::join_compartments(version.compartments)}));
  if (!seq) return std::move(seq).take_error();
  version.sequence = *seq;
  if (*existing) {  // a new resource has no version to supersede
    if (auto superseded = c.run(with(statements().supersede, {pk, *seq})); !superseded) {
      return std::move(superseded).take_error();
    }
  }
  if (auto indexed = write_index(c, *seq, write.type, write.index); !indexed) {
    return std::move(indexed).take_error();
  }
  return outcome;
}

StoreStatus SqliteWriteApplier::write_index(SqliteConnection& c, std::int64_t seq,
                                            const std::string& type, const IndexValues& index) {
  for (auto& insert : sql::index_insert_sql(sql::Dialect::sqlite, seq, type, index)) {
    if (auto r = c.run(insert.statement); !r) return r;
  }
  return {};
}

StoreResult<WriteOutcome> SqliteWriteApplier::remove(SqliteConnection& c,
                                                     const sql::RemoveOperation& remove) {
  WriteOutcome outcome;
  outcome.changed = false;
  outcome.version.type = remove.type;
  outcome.version.id = remove.id;
  auto existing = find(c, remove.type, remove.id);
  if (!existing) return std::move(existing).take_error();
  if (!*existing) return outcome;
  auto current = query_versions(c, sql::read_sql(sql::Dialect::sqlite, remove.type, remove.id));
  if (!current) return std::move(current).take_error();
  if (current->empty()) return store_error(StoreErrorKind::internal, "a resource without versions");
  if ((*existing)->deleted) {
    outcome.version = std::move(current->front());
    return outcome;
  }
  if (remove.expected_version && *remove.expected_version != (*existing)->current_version) {
    return store_error(StoreErrorKind::version_conflict,
                       remove.type + "/" + remove.id + " is not at version " +
                           std::to_string(*remove.expected_version),
                       (*existing)->current_version);
  }
  const std::int64_t pk = (*existing)->pk;
  StoredVersion& version = outcome.version;
  version.version = (*existing)->current_version + 1;
  version.last_updated = next_update();
  version.deleted = true;
  version.compartments = current->front().compartments;  // history stays in its compartments
  auto seq =
      c.integer(with(statements().insert_version,
                     {pk, remove.type, version.version, version.last_updated, std::int64_t{1},
                      std::string(), sql::join_compartments(version.compartments)}));
  if (!seq) return std::move(seq).take_error();
  version.sequence = *seq;
  if (auto r = c.run(with(statements().supersede, {pk, *seq})); !r)
    return std::move(r).take_error();
  if (auto r = c.run(with(statements().update_resource, {pk, version.version, std::int64_t{1}}));
      !r) {
    return std::move(r).take_error();
  }
  IndexValues kept;
  kept.compartments = version.compartments;
  if (auto r = write_index(c, *seq, remove.type, kept); !r) return std::move(r).take_error();
  outcome.changed = true;
  return outcome;
}

StoreResult<WriteOutcome> SqliteWriteApplier::put_if_none_exist(
    SqliteConnection& c, sql::ConditionalPutOperation& operation) {
  SearchQuery condition = operation.condition;
  condition.count = 2;
  condition.cursor.reset();
  condition.total = TotalMode::none;
  condition.includes.clear();
  auto found = run_search(c, condition);
  if (!found) return std::move(found).take_error();
  if (found->matches.size() > 1) {
    return store_error(StoreErrorKind::duplicate, "the condition matches several resources");
  }
  if (found->matches.size() == 1) {
    WriteOutcome outcome;
    outcome.version = std::move(found->matches.front());
    outcome.changed = false;
    return outcome;
  }
  return put(c, operation.write);
}

StoreResult<WriteOutcome> SqliteWriteApplier::expunge(SqliteConnection& c,
                                                      const sql::ExpungeOperation& expunge) {
  WriteOutcome outcome;
  outcome.version.type = expunge.type;
  outcome.version.id = expunge.id;
  outcome.changed = false;
  auto existing = find(c, expunge.type, expunge.id);
  if (!existing) return std::move(existing).take_error();
  if (!*existing) return outcome;
  const std::int64_t pk = (*existing)->pk;
  for (const std::string& text : statements().delete_index_rows) {
    if (auto r = c.run(with(text, {pk})); !r) return std::move(r).take_error();
  }
  if (auto r = c.run(with(statements().delete_versions, {pk})); !r)
    return std::move(r).take_error();
  if (auto r = c.run(with(statements().delete_resource, {pk})); !r)
    return std::move(r).take_error();
  outcome.changed = true;
  return outcome;
}

}  // namespace gateway::storage
