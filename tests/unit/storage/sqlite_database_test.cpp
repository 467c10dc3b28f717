// SQLite wrapper: statements with parameters, rows, transactions that roll back.
#include "storage/sqlite_database.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace gateway::storage {
namespace {

std::unique_ptr<SqliteDatabase> open_in(const testing::TempDir& dir) {
  auto opened = SqliteDatabase::open(dir.str() + "/t.db");
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<SqliteDatabase>>(opened));
  return std::move(std::get<std::unique_ptr<SqliteDatabase>>(opened));
}

TEST(SqliteDatabase, StoresAndReadsAllValueTypes) {
  testing::TempDir dir;
  auto db = open_in(dir);
  ASSERT_TRUE(db->ping());
  ASSERT_FALSE(db->execute("CREATE TABLE t (i INTEGER, d REAL, s BLOB, n TEXT)"));
  ASSERT_FALSE(db->execute("INSERT INTO t VALUES (?1, ?2, ?3, ?4)",
                           {std::int64_t{42}, 1.5, std::string("a\0b", 3), nullptr}));
  std::vector<SqlRow> rows;
  ASSERT_FALSE(
      db->execute("SELECT i, d, s, n FROM t", {}, [&](const SqlRow& r) { rows.push_back(r); }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(rows[0][0]), 42);
  EXPECT_DOUBLE_EQ(std::get<double>(rows[0][1]), 1.5);
  EXPECT_EQ(std::get<std::string>(rows[0][2]), std::string("a\0b", 3));
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(rows[0][3]));
}

TEST(SqliteDatabase, ErrorsAreValues) {
  testing::TempDir dir;
  auto db = open_in(dir);
  auto err = db->execute("SELEC nonsense");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->message.find("prepare"), std::string::npos);
}

TEST(SqliteDatabase, FailedTransactionRollsBack) {
  testing::TempDir dir;
  auto db = open_in(dir);
  ASSERT_FALSE(db->execute("CREATE TABLE t (k INTEGER PRIMARY KEY)"));
  auto err = db->transaction([](SqliteDatabase& tx) -> std::optional<StorageError> {
    if (auto e = tx.execute("INSERT INTO t VALUES (1)")) return e;
    return tx.execute("INSERT INTO t VALUES (1)");  // duplicate key
  });
  ASSERT_TRUE(err.has_value());
  int count = -1;
  db->execute("SELECT count(*) FROM t", {},
              [&](const SqlRow& r) { count = static_cast<int>(std::get<std::int64_t>(r[0])); });
  EXPECT_EQ(count, 0);
  EXPECT_FALSE(
      db->transaction([](SqliteDatabase& tx) { return tx.execute("INSERT INTO t VALUES (2)"); }));
  db->execute("SELECT count(*) FROM t", {},
              [&](const SqlRow& r) { count = static_cast<int>(std::get<std::int64_t>(r[0])); });
  EXPECT_EQ(count, 1);
}

TEST(SqliteDatabase, OpenFailsCleanlyOnBadPath) {
  auto opened = SqliteDatabase::open("/nonexistent-dir/x/y.db");
  ASSERT_TRUE(std::holds_alternative<StorageError>(opened));
}

}  // namespace
}  // namespace gateway::storage
