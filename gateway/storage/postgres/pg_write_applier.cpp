// The writer's per-operation logic on PostgreSQL.
#include "storage/postgres/pg_write_applier.hpp"

#include <algorithm>

#include "storage/postgres/pg_queries.hpp"
#include "storage/sql/index_insert_sql.hpp"
#include "storage/sql/search_sql.hpp"
#include "storage/sql/version_stamp.hpp"
#include "storage/sql/write_sql.hpp"

namespace gateway::storage::postgres {
namespace {

constexpr auto kDialect = sql::Dialect::postgres;
// A writer without an expected version that keeps losing the race gives up after this many
// reads (each loss means another writer committed: the system makes progress).
constexpr int kMaxRetries = 16;

const sql::WriteSql& statements() { return sql::write_sql(kDialect); }

sql::Statement with(const std::string& text, std::vector<sql::Parameter> parameters) {
  return sql::Statement{text, std::move(parameters)};
}

// Insert unless another transaction created (type, id) first: then no row comes back.
const std::string kInsertResource =
    "INSERT INTO resources (type, id, current_version, deleted) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (type, id) DO NOTHING RETURNING pk";
// The optimistic step: only from the version this transaction read.
const std::string kAdvanceResource =
    "UPDATE resources SET current_version = $2 + 1, deleted = $3 WHERE pk = $1 AND "
    "current_version = $2";

// FNV-1a: the same 64 bits on every replica for the same condition.
std::int64_t condition_hash(const sql::Statement& statement) {
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&hash](std::string_view bytes) {
    for (const unsigned char c : bytes) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0xff;  // a separator no text contains
    hash *= 1099511628211ULL;
  };
  mix(statement.text);
  for (const auto& parameter : statement.parameters) {
    std::visit(
        [&](const auto& value) {
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
            mix(value);
          } else {
            mix(std::to_string(value));
          }
        },
        parameter);
  }
  return static_cast<std::int64_t>(hash);
}

StoreError conflict(const std::string& name, std::int64_t expected, std::int64_t current) {
  return store_error(StoreErrorKind::version_conflict,
                     name + " is not at version " + std::to_string(expected), current);
}

}  // namespace

std::int64_t PgWriteApplier::next_update() {
  latest_update_ = std::max(latest_update_, sql::now_ms());
  return latest_update_;
}

StoreResult<std::vector<WriteOutcome>> PgWriteApplier::apply(
    std::vector<sql::WriteOperation>& operations) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(operations.size());
  for (auto& operation : operations) {
    StoreResult<WriteOutcome> outcome = std::visit(
        [&](auto& op) -> StoreResult<WriteOutcome> {
          using Op = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<Op, sql::PutOperation>) return put(op.write);
          if constexpr (std::is_same_v<Op, sql::RemoveOperation>) return remove(op);
          if constexpr (std::is_same_v<Op, sql::ConditionalPutOperation>) {
            return put_if_none_exist(op);
          }
          if constexpr (std::is_same_v<Op, sql::ExpungeOperation>) return expunge(op);
        },
        operation);
    if (!outcome) return std::move(outcome).take_error();
    outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

StoreResult<std::optional<PgWriteApplier::Existing>> PgWriteApplier::find(const std::string& type,
                                                                          const std::string& id) {
  auto rows = run_prepared(c_, "find_resource", with(statements().find_resource, {type, id}));
  if (!rows) return std::move(rows).take_error();
  if (rows->rows() == 0) return std::optional<Existing>();
  return std::optional<Existing>(
      Existing{rows->int64(0, 0), rows->int64(0, 1), rows->int64(0, 2) != 0});
}

StoreResult<bool> PgWriteApplier::advance(std::int64_t pk, std::int64_t from_version,
                                          bool deleted) {
  auto rows = run_prepared(c_, "advance_resource",
                           with(kAdvanceResource, {pk, from_version, std::int64_t{deleted}}));
  if (!rows) return std::move(rows).take_error();
  return rows->affected() == 1;
}

StoreResult<std::int64_t> PgWriteApplier::insert_version(std::int64_t pk, StoredVersion& version) {
  auto seq = run_prepared(
      c_, "insert_version",
      with(statements().insert_version,
           {pk, version.type, version.version, version.last_updated, std::int64_t{version.deleted},
            version.json, sql::join_compartments(version.compartments)}));
  if (!seq) return std::move(seq).take_error();
  version.sequence = seq->int64(0, 0);
  if (auto superseded =
          run_prepared(c_, "supersede", with(statements().supersede, {pk, version.sequence}));
      !superseded) {
    return std::move(superseded).take_error();
  }
  return version.sequence;
}

StoreResult<WriteOutcome> PgWriteApplier::put(ResourceWrite& write) {
  const std::string name = write.type + "/" + write.id;
  for (int attempt = 0; attempt < kMaxRetries; ++attempt) {
    auto existing = find(write.type, write.id);
    if (!existing) return std::move(existing).take_error();
    if (write.expected_version) {
      const auto expected = *write.expected_version;
      if (expected == 0 && *existing && !(*existing)->deleted) {
        return store_error(StoreErrorKind::duplicate, name + " exists already",
                           (*existing)->current_version);
      }
      if (expected > 0 && !*existing) return store_error(StoreErrorKind::not_found, "no " + name);
      if (expected > 0 && (*existing)->current_version != expected) {
        return conflict(name, expected, (*existing)->current_version);
      }
    }
    std::int64_t pk = 0;
    if (*existing) {
      auto advanced = advance((*existing)->pk, (*existing)->current_version, false);
      if (!advanced) return std::move(advanced).take_error();
      if (!*advanced) {
        // Another transaction wrote it since our read (and has committed: the UPDATE waited
        // for its row lock). With an expected version that is a conflict; else read again.
        if (write.expected_version) {
          auto now = find(write.type, write.id);
          if (!now) return std::move(now).take_error();
          return conflict(name, *write.expected_version, *now ? (*now)->current_version : 0);
        }
        continue;
      }
      pk = (*existing)->pk;
    } else {
      auto inserted = run_prepared(
          c_, "insert_resource",
          with(kInsertResource, {write.type, write.id, std::int64_t{1}, std::int64_t{0}}));
      if (!inserted) return std::move(inserted).take_error();
      if (inserted->rows() == 0) {  // created concurrently
        if (write.expected_version == 0) {
          return store_error(StoreErrorKind::duplicate, name + " exists already");
        }
        continue;
      }
      pk = inserted->int64(0, 0);
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
    auto seq = insert_version(pk, version);
    if (!seq) return std::move(seq).take_error();
    if (auto indexed = write_index(*seq, write.type, write.index); !indexed) {
      return std::move(indexed).take_error();
    }
    return outcome;
  }
  return store_error(StoreErrorKind::unavailable, name + ": too many concurrent writers");
}

StoreStatus PgWriteApplier::write_index(std::int64_t seq, const std::string& type,
                                        const IndexValues& index) {
  for (auto& insert : sql::index_insert_sql(sql::Dialect::postgres, seq, type, index)) {
    if (auto done = run_prepared(c_, insert.name, insert.statement); !done) {
      return std::move(done).take_error();
    }
  }
  return {};
}

StoreResult<WriteOutcome> PgWriteApplier::remove(const sql::RemoveOperation& remove) {
  const std::string name = remove.type + "/" + remove.id;
  for (int attempt = 0; attempt < kMaxRetries; ++attempt) {
    WriteOutcome outcome;
    outcome.changed = false;
    outcome.version.type = remove.type;
    outcome.version.id = remove.id;
    auto existing = find(remove.type, remove.id);
    if (!existing) return std::move(existing).take_error();
    if (!*existing) return outcome;
    auto current = query_versions(c_, "read", sql::read_sql(kDialect, remove.type, remove.id));
    if (!current) return std::move(current).take_error();
    if (current->empty()) continue;  // changed between the two reads
    if (current->front().deleted) {
      outcome.version = std::move(current->front());
      return outcome;
    }
    const std::int64_t from = current->front().version;
    if (remove.expected_version && *remove.expected_version != from) {
      return conflict(name, *remove.expected_version, from);
    }
    auto advanced = advance((*existing)->pk, from, true);
    if (!advanced) return std::move(advanced).take_error();
    if (!*advanced) {
      if (remove.expected_version) {
        auto now = find(remove.type, remove.id);
        if (!now) return std::move(now).take_error();
        return conflict(name, *remove.expected_version, *now ? (*now)->current_version : 0);
      }
      continue;
    }
    StoredVersion& version = outcome.version;
    version.version = from + 1;
    version.last_updated = next_update();
    version.deleted = true;
    version.compartments = current->front().compartments;  // history stays in its compartments
    auto seq = insert_version((*existing)->pk, version);
    if (!seq) return std::move(seq).take_error();
    IndexValues kept;
    kept.compartments = version.compartments;
    if (auto r = write_index(*seq, remove.type, kept); !r) return std::move(r).take_error();
    outcome.changed = true;
    return outcome;
  }
  return store_error(StoreErrorKind::unavailable, name + ": too many concurrent writers");
}

StoreResult<WriteOutcome> PgWriteApplier::put_if_none_exist(
    sql::ConditionalPutOperation& operation) {
  SearchQuery condition = operation.condition;
  condition.count = 2;
  condition.cursor.reset();
  condition.total = TotalMode::none;
  condition.includes.clear();
  condition.sort.clear();
  // Every version committed so far is below this snapshot: the condition sees the present.
  constexpr std::int64_t kPresent = INT64_MAX;
  // Serialised with every other transaction running the same condition, on every replica,
  // until commit: the second one finds what the first created. The lock is keyed without the
  // compartment restriction, which differs between callers of the same condition (it grows
  // once the patient exists).
  SearchQuery unscoped = condition;
  unscoped.compartments.reset();
  auto lock_statement = sql::search_sql(kDialect, unscoped, kPresent, 0, 2);
  if (!lock_statement) return std::move(lock_statement).take_error();
  auto locked = c_.exec("condition lock", "SELECT pg_advisory_xact_lock($1)",
                        {std::to_string(condition_hash(*lock_statement))}, {20});
  if (!locked) return std::move(locked).take_error();
  auto found = run_search(c_, condition, kPresent);
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
  return put(operation.write);
}

StoreResult<WriteOutcome> PgWriteApplier::expunge(const sql::ExpungeOperation& expunge) {
  WriteOutcome outcome;
  outcome.version.type = expunge.type;
  outcome.version.id = expunge.id;
  outcome.changed = false;
  auto existing = find(expunge.type, expunge.id);
  if (!existing) return std::move(existing).take_error();
  if (!*existing) return outcome;
  const std::int64_t pk = (*existing)->pk;
  const auto& deletes = statements().delete_index_rows;
  for (std::size_t i = 0; i < deletes.size(); ++i) {
    if (auto r = run_prepared(c_, "delete_index_rows" + std::to_string(i), with(deletes[i], {pk}));
        !r) {
      return std::move(r).take_error();
    }
  }
  if (auto r = run_prepared(c_, "delete_versions", with(statements().delete_versions, {pk})); !r) {
    return std::move(r).take_error();
  }
  if (auto r = run_prepared(c_, "delete_resource", with(statements().delete_resource, {pk})); !r) {
    return std::move(r).take_error();
  }
  outcome.changed = true;
  return outcome;
}

}  // namespace gateway::storage::postgres
