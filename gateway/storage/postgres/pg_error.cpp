// The SQLSTATE → StoreErrorKind table.
#include "storage/postgres/pg_error.hpp"

#include <string>

namespace gateway::storage::postgres {
namespace {

bool in_class(std::string_view sqlstate, std::string_view cls) {
  return sqlstate.substr(0, 2) == cls;
}

StoreErrorKind kind_of(std::string_view sqlstate) {
  if (sqlstate.empty()) return StoreErrorKind::unavailable;          // connection lost
  if (in_class(sqlstate, "08")) return StoreErrorKind::unavailable;  // connection exception
  if (in_class(sqlstate, "53")) return StoreErrorKind::unavailable;  // disk full, memory, slots
  if (in_class(sqlstate, "57")) return StoreErrorKind::unavailable;  // shutdown, cancel, timeout
  if (in_class(sqlstate, "58")) return StoreErrorKind::unavailable;  // I/O error
  if (sqlstate == "25006") return StoreErrorKind::unavailable;       // read-only transaction
  if (sqlstate == "55P03") return StoreErrorKind::unavailable;       // lock not available
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return StoreErrorKind::unavailable;  // serialization failure, deadlock: retry
  }
  if (sqlstate == "23505") return StoreErrorKind::duplicate;     // unique violation
  if (in_class(sqlstate, "22")) return StoreErrorKind::invalid;  // data exception
  return StoreErrorKind::internal;
}

}  // namespace

StoreError pg_error(std::string_view sqlstate, std::string_view constraint, std::string_view what) {
  std::string message = "postgres: " + std::string(what) + ": ";
  message +=
      sqlstate.empty() ? std::string("connection lost") : "SQLSTATE " + std::string(sqlstate);
  if (!constraint.empty()) message += " (constraint " + std::string(constraint) + ")";
  return store_error(kind_of(sqlstate), std::move(message));
}

}  // namespace gateway::storage::postgres
