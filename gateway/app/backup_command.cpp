// The backup command.
#include "app/backup_command.hpp"

#include <filesystem>

#include "app/core_config.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace gateway::app {

std::string store_path(const std::string& data_dir) { return data_dir + "/gateway.db"; }

storage::StoreStatus run_backup(const std::map<std::string, std::string>& settings,
                                const std::string& target) {
  ops::SettingsReader reader(settings);
  const CoreConfig config = read_core_config(reader);
  if (config.store_is_postgres()) {
    return storage::store_error(storage::StoreErrorKind::invalid,
                                "store is PostgreSQL: back it up with pg_dump or pg_basebackup");
  }
  const std::string source = store_path(config.data_dir);
  if (!std::filesystem::exists(source)) {
    return storage::store_error(storage::StoreErrorKind::not_found, "no store at " + source);
  }
  storage::SqliteStoreOptions options;
  options.path = source;
  options.read_connections = 1;
  auto store = storage::SqliteStore::open(options);
  if (!store) return std::move(store).take_error();
  return (*store)->backup(target);
}

}  // namespace gateway::app
