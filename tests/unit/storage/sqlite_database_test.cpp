// SQLite wrapper: statements with parameters, rows, transactions that roll back.
#include "storage/sqlite_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "result_matchers.hpp"
#include "temp_dir.hpp"

namespace gateway::storage {
namespace {

using ::testing::HasSubstr;
using testing::IsOk;

std::unique_ptr<SqliteDatabase> open_in(const testing::TempDir& dir) {
  auto opened = SqliteDatabase::open(dir.str() + "/t.db");
  EXPECT_THAT(opened, IsOk());
  return opened ? std::move(opened).value() : nullptr;
}

TEST(SqliteDatabase, StoresAndReadsAllValueTypes) {
  testing::TempDir dir;
  auto db = open_in(dir);
  ASSERT_TRUE(db->ping());
  ASSERT_THAT(db->execute("CREATE TABLE t (i INTEGER, d REAL, s BLOB, n TEXT)"), IsOk());
  ASSERT_THAT(db->execute("INSERT INTO t VALUES (?1, ?2, ?3, ?4)",
                          {std::int64_t{42}, 1.5, std::string("a\0b", 3), nullptr}),
              IsOk());
  std::vector<SqlRow> rows;
  ASSERT_THAT(
      db->execute("SELECT i, d, s, n FROM t", {}, [&](const SqlRow& r) { rows.push_back(r); }),
      IsOk());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(rows[0][0]), 42);
  EXPECT_DOUBLE_EQ(std::get<double>(rows[0][1]), 1.5);
  EXPECT_EQ(std::get<std::string>(rows[0][2]), std::string("a\0b", 3));
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(rows[0][3]));
}

TEST(SqliteDatabase, ErrorsAreValues) {
  testing::TempDir dir;
  auto db = open_in(dir);
  const Status err = db->execute("SELEC nonsense");
  ASSERT_THAT(err, ::testing::Not(IsOk()));
  EXPECT_THAT(err.error().message, HasSubstr("prepare"));
}

TEST(SqliteDatabase, FailedTransactionRollsBack) {
  testing::TempDir dir;
  auto db = open_in(dir);
  ASSERT_THAT(db->execute("CREATE TABLE t (k INTEGER PRIMARY KEY)"), IsOk());
  const Status err = db->transaction([](SqliteDatabase& tx) -> Status {
    if (auto inserted = tx.execute("INSERT INTO t VALUES (1)"); !inserted) return inserted;
    return tx.execute("INSERT INTO t VALUES (1)");  // duplicate key
  });
  ASSERT_THAT(err, ::testing::Not(IsOk()));
  EXPECT_THAT(err.error().message, HasSubstr("step"));
  int count = -1;
  const auto count_rows = [&] {
    return db->execute("SELECT count(*) FROM t", {}, [&](const SqlRow& r) {
      count = static_cast<int>(std::get<std::int64_t>(r[0]));
    });
  };
  ASSERT_THAT(count_rows(), IsOk());
  EXPECT_EQ(count, 0);
  EXPECT_THAT(
      db->transaction([](SqliteDatabase& tx) { return tx.execute("INSERT INTO t VALUES (2)"); }),
      IsOk());
  ASSERT_THAT(count_rows(), IsOk());
  EXPECT_EQ(count, 1);
}

TEST(SqliteDatabase, OpenFailsCleanlyOnBadPath) {
  const auto opened = SqliteDatabase::open("/nonexistent-dir/x/y.db");
  ASSERT_THAT(opened, ::testing::Not(IsOk()));
  EXPECT_THAT(opened.error().message, HasSubstr("/nonexistent-dir/x/y.db"));
}

}  // namespace
}  // namespace gateway::storage
