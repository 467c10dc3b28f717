// PostgreSQL failures as storage errors: SQLSTATE classes and lost connections mapped to
// StoreErrorKind. The message names the SQLSTATE (and a constraint), never SQL or values:
// it goes to the log, but values are patient data.
#pragma once

#include <string_view>

#include "storage/store_error.hpp"

namespace gateway::storage::postgres {

// `sqlstate` empty: no server answer (the connection is gone). `constraint` may be empty.
StoreError pg_error(std::string_view sqlstate, std::string_view constraint, std::string_view what);

}  // namespace gateway::storage::postgres
