// The store contract suite run against SqliteStore, each test on a fresh database file.
#include "storage/sqlite/sqlite_store.hpp"
#include "store_contract.hpp"
#include "temp_dir.hpp"

namespace gateway::storage {
namespace {

class SqliteStoreFactory {
 public:
  std::unique_ptr<ResourceStore> create() {
    SqliteStoreOptions options;
    options.path = dir_.str() + "/store.db";
    auto opened = SqliteStore::open(options);
    if (!opened) {
      ADD_FAILURE() << opened.error().message;
      return nullptr;
    }
    return std::move(*opened);
  }

 private:
  testing::TempDir dir_;
};

}  // namespace
}  // namespace gateway::storage

INSTANTIATE_STORE_CONTRACT(Sqlite, gateway::storage::SqliteStoreFactory);
