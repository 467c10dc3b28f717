// SqliteStore beyond the contract: refusal of damaged and newer files, unavailability while
// the database is locked or full and recovery afterwards, readiness, and online backup.
#include "storage/sqlite/sqlite_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "temp_dir.hpp"

namespace gateway::storage {
namespace {

using ::testing::HasSubstr;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::string path() const { return dir_.str() + "/store.db"; }
  std::unique_ptr<SqliteStore> open(SqliteStoreOptions options = {}) {
    if (options.path.empty()) options.path = path();
    auto opened = SqliteStore::open(options);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
  }
  // Runs `sql` on a connection of its own to the store file.
  void raw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }

  testing::TempDir dir_;
};

StoreResult<std::vector<WriteOutcome>> create(ResourceStore& store, const std::string& id,
                                              std::size_t padding = 0) {
  auto transaction = store.begin();
  transaction->put(ResourceWrite{
      "Patient",
      id,
      {{"resourceType", "Patient"}, {"id", id}, {"text", {{"div", std::string(padding, 'x')}}}},
      0,
      {}});
  return transaction->commit();
}

TEST_F(SqliteStoreTest, ReopensWithItsData) {
  {
    auto store = open();
    ASSERT_TRUE(create(*store, "p1").ok());
  }
  auto store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->read("Patient", "p1").ok());
  EXPECT_TRUE(store->check().ok());
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  std::ofstream(path()) << std::string(8192, 'z');
  SqliteStoreOptions options;
  options.path = path();
  auto opened = SqliteStore::open(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, StoreErrorKind::internal);
  EXPECT_THAT(opened.error().message, HasSubstr("damaged"));
}

TEST_F(SqliteStoreTest, RefusesADamagedDatabase) {
  {
    auto store = open();
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(create(*store, "p" + std::to_string(i), 200).ok());
  }
  {
    std::fstream file(path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096 * 3);
    const std::string garbage(4096 * 4, '\xff');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  SqliteStoreOptions options;
  options.path = path();
  auto opened = SqliteStore::open(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_THAT(opened.error().message, HasSubstr("damaged"));
  EXPECT_THAT(opened.error().message, HasSubstr("backup"));
}

TEST_F(SqliteStoreTest, RefusesANewerSchema) {
  { auto store = open(); }
  raw("PRAGMA user_version = 99");
  SqliteStoreOptions options;
  options.path = path();
  auto opened = SqliteStore::open(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_THAT(opened.error().message, HasSubstr("newer"));
}

TEST_F(SqliteStoreTest, LockedDatabaseIsUnavailableUntilReleased) {
  SqliteStoreOptions options;
  options.busy_timeout = std::chrono::milliseconds(50);
  auto store = open(options);
  ASSERT_NE(store, nullptr);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto blocked = create(*store, "p1");
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().kind, StoreErrorKind::unavailable);
  auto ready = store->check();
  ASSERT_FALSE(ready.ok());
  EXPECT_EQ(ready.error().kind, StoreErrorKind::unavailable);
  EXPECT_TRUE(store->read("Patient", "x").error().kind ==
              StoreErrorKind::not_found);  // reads go on
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_TRUE(store->check().ok());
  EXPECT_TRUE(create(*store, "p1").ok());
}

TEST_F(SqliteStoreTest, FullDatabaseIsUnavailableAndRecoversWhenSpaceReturns) {
  SqliteStoreOptions options;
  options.max_page_count = 200;  // 800 KiB at 4 KiB pages
  auto store = open(options);
  ASSERT_NE(store, nullptr);
  std::vector<std::string> written;
  StoreError failure;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "p" + std::to_string(i);
    auto result = create(*store, id, 20000);
    if (!result) {
      failure = result.error();
      break;
    }
    written.push_back(id);
  }
  ASSERT_FALSE(written.empty());
  ASSERT_LT(written.size(), 1000u) << "the limit was never reached";
  EXPECT_EQ(failure.kind, StoreErrorKind::unavailable);
  EXPECT_EQ(store->read("Patient", "p" + std::to_string(written.size())).error().kind,
            StoreErrorKind::not_found);  // nothing of the failed write
  for (const auto& id : written) ASSERT_TRUE(store->read("Patient", id).ok()) << id;
  // space comes back: erase a few resources, then writes succeed again
  for (std::size_t i = 0; i < 10 && i < written.size(); ++i) {
    auto transaction = store->begin();
    transaction->expunge("Patient", written[i]);
    ASSERT_TRUE(transaction->commit().ok());
  }
  EXPECT_TRUE(create(*store, "after", 20000).ok());
  EXPECT_TRUE(store->check().ok());
}

TEST_F(SqliteStoreTest, OnlineBackupIsAConsistentCopy) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(create(*store, "p" + std::to_string(i)).ok());
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) (void)create(*store, "w" + std::to_string(i));
  });
  const std::string copy = dir_.str() + "/copy.db";
  auto backed_up = store->backup(copy);
  stop.store(true);
  writer.join();
  ASSERT_TRUE(backed_up.ok()) << backed_up.error().message;
  SqliteStoreOptions options;
  options.path = copy;
  auto restored = SqliteStore::open(options);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  for (int i = 0; i < 50; ++i)
    EXPECT_TRUE((*restored)->read("Patient", "p" + std::to_string(i)).ok());
  EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
}

TEST_F(SqliteStoreTest, BackupToAnUnwritablePlaceFails) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto failed = store->backup(dir_.str() + "/no/such/dir/copy.db");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, StoreErrorKind::unavailable);
}

}  // namespace
}  // namespace gateway::storage
