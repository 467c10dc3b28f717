// Turns search clauses into SQL conditions over one version row (internal to the search and
// conditional-write builders). A condition is a boolean expression on the aliases of a
// `versions` row and its `resources` row; parameters go to the shared ParameterList.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/search_query.hpp"
#include "storage/sql/statement.hpp"
#include "storage/store_error.hpp"

namespace gateway::storage::sql {

// The row a condition is about: aliases of versions and resources, and the placeholder
// holding its resource type.
struct RowScope {
  std::string version;   // alias of the versions row, e.g. "v"
  std::string resource;  // alias of the resources row, e.g. "r"
  std::string type;      // placeholder of the resource type
};

class ClauseWriter {
 public:
  // `snapshot`: the placeholder of the snapshot sequence every subquery sees.
  // `compartments`: the query's compartment restriction; chained targets and _has sources
  // are held to it too, so a chain never tests resources the caller may not see.
  ClauseWriter(ParameterList& parameters, std::string snapshot,
               std::optional<std::vector<std::string>> compartments = std::nullopt)
      : parameters_(parameters),
        snapshot_(std::move(snapshot)),
        compartments_(std::move(compartments)) {}

  // The row's version is visible at the snapshot: written by then, not yet superseded, and
  // not a deletion.
  std::string visible(const std::string& version) const;
  // A correlated condition (EXISTS over index rows of the row's version).
  [[nodiscard]] StoreResult<std::string> condition(const Clause& clause, const RowScope& row);
  // "SELECT seq FROM ..." selecting the version seqs that satisfy `clause` (any visibility),
  // for clauses that can drive a query from their index (positive index matches); nullopt
  // for the others.
  [[nodiscard]] StoreResult<std::optional<std::string>> driving_set(const Clause& clause,
                                                                    const RowScope& row);
  // The clause as a restriction of the row: "v.seq IN (driving set)" when it has one,
  // otherwise its correlated condition.
  [[nodiscard]] StoreResult<std::string> restriction(const Clause& clause, const RowScope& row);
  // A fresh alias with `stem` ("x1", "x2", ...), unique within the statement.
  std::string alias(const std::string& stem);
  Dialect dialect() const { return parameters_.dialect(); }
  std::string add(Parameter value) { return parameters_.add(std::move(value)); }

 private:
  [[nodiscard]] StoreResult<std::string> alternatives(const Clause& clause, const std::string& x);
  [[nodiscard]] StoreResult<std::string> alternative(const MatchValue& value, const std::string& x);
  [[nodiscard]] StoreResult<std::string> chain(const ChainMatch& match, const std::string& x);
  [[nodiscard]] StoreResult<std::string> has(const Clause& clause, const RowScope& row);
  std::string missing(const Clause& clause, const RowScope& row);
  // " AND <version>.seq IN (compartment rows)" under a compartment restriction, else "".
  std::string in_compartments(const std::string& version);

  ParameterList& parameters_;
  std::string snapshot_;
  std::optional<std::vector<std::string>> compartments_;
  int aliases_ = 0;
};

// The index table a clause's values are matched against ("idx_token", ...); empty for
// _has and for clauses without values.
std::string index_table(const Clause& clause);

// `expression` kept away from the SQLite planner's index choice ("+expr"), so a query is
// driven by the restriction meant to drive it; unchanged for PostgreSQL.
std::string unindexed(Dialect dialect, const std::string& expression);

}  // namespace gateway::storage::sql
