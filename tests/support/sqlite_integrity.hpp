// The verdict of SQLite's PRAGMA integrity_check on a database file ("ok" when sound), for
// the crash and outage tests.
#pragma once

#include <string>

namespace gateway::testing {

std::string sqlite_integrity_check(const std::string& path);

}  // namespace gateway::testing
