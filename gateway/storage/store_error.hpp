// The typed errors of the storage port. Domain code maps them to HTTP status in one table
// (the records module); the message is internal and goes to the log only.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.hpp"

namespace gateway::storage {

enum class StoreErrorKind {
  not_found,         // no such resource (or version)
  deleted,           // the resource's current version is a deletion
  version_conflict,  // the expected version is not the current one
  duplicate,         // the id exists already, or a conditional write matched several
  unavailable,       // the database cannot be reached, is read-only, locked or full: retry
  invalid,           // the request cannot be run (for example a malformed cursor)
  forbidden,         // outside the compartments the caller may see (a scoped view refuses)
  withheld,          // the patient's privacy registry or a confidentiality label withholds it
  internal,          // anything else; a bug or a damaged database
};

struct StoreError {
  StoreErrorKind kind = StoreErrorKind::internal;
  std::string message;               // internal: for the log, never for the client
  std::int64_t current_version = 0;  // version_conflict, deleted: the version in force
};

template <typename T>
using StoreResult = gateway::Result<T, StoreError>;
using StoreStatus = StoreResult<void>;

inline StoreError store_error(StoreErrorKind kind, std::string message,
                              std::int64_t current_version = 0) {
  return StoreError{kind, std::move(message), current_version};
}

}  // namespace gateway::storage
