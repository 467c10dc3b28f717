// SQLite result codes as store errors: the conditions that pass (disk full, read-only,
// busy, locked, I/O error, cannot open) are `unavailable`; a damaged file is `internal`.
#pragma once

#include <string_view>

#include <sqlite3.h>

#include "storage/store_error.hpp"

namespace gateway::storage {

StoreError sqlite_error(int code, sqlite3* db, std::string_view what);
// True for the codes after which the writer reopens its connection before the next group.
bool sqlite_needs_reopen(int code);

}  // namespace gateway::storage
