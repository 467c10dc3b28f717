// The backup command: a copy of the store in the configured data directory.
#include "app/backup_command.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace gateway::app {
namespace {

TEST(BackupCommand, CopiesTheStoreOfTheDataDirectory) {
  testing::TempDir dir;
  {
    storage::SqliteStoreOptions options;
    options.path = store_path(dir.str());
    auto store = storage::SqliteStore::open(options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto transaction = (*store)->begin();
    transaction->put({"Patient", "p1", {{"resourceType", "Patient"}, {"id", "p1"}}, 0, {}});
    ASSERT_TRUE(transaction->commit().ok());
  }
  const std::string target = dir.str() + "/copy.db";
  auto copied = run_backup({{"data_dir", dir.str()}}, target);
  ASSERT_TRUE(copied.ok()) << copied.error().message;
  storage::SqliteStoreOptions options;
  options.path = target;
  auto restored = storage::SqliteStore::open(options);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_TRUE((*restored)->read("Patient", "p1").ok());
}

TEST(BackupCommand, RefusesAMissingStore) {
  testing::TempDir dir;
  auto copied = run_backup({{"data_dir", dir.str() + "/empty"}}, dir.str() + "/copy.db");
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.error().kind, storage::StoreErrorKind::not_found);
}

}  // namespace
}  // namespace gateway::app
