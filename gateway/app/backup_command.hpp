// `fhir-gateway backup FILE`: an online copy of the store's database (DATA_DIR/gateway.db)
// to FILE, consistent even while a gateway is writing to it.
#pragma once

#include <map>
#include <string>

#include "storage/store_error.hpp"

namespace gateway::app {

// The store file of a data directory.
std::string store_path(const std::string& data_dir);

// Opens the store named by `settings` (data_dir) and writes its backup to `target`.
[[nodiscard]] storage::StoreStatus run_backup(const std::map<std::string, std::string>& settings,
                                              const std::string& target);

}  // namespace gateway::app
