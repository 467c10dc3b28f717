// The store contract suite run against PostgresStore, each test in its own scratch schema of
// the fixture's server (tests run in parallel against that one server).
#include "postgres/test_database.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "store_contract.hpp"

namespace gateway::storage {
namespace {

class PostgresStoreFactory {
 public:
  std::unique_ptr<ResourceStore> create() {
    postgres::PostgresStoreOptions options;
    options.url = schema_.url();
    auto opened = postgres::PostgresStore::open(options);
    if (!opened) {
      ADD_FAILURE() << opened.error().message;
      return nullptr;
    }
    return std::move(*opened);
  }

 private:
  testing::ScratchSchema schema_{testing::fixture_postgres_url()};
};

}  // namespace
}  // namespace gateway::storage

INSTANTIATE_STORE_CONTRACT(Postgres, gateway::storage::PostgresStoreFactory);
