// The shared expiring key set: two sets on one database (two replicas) see each other's
// keys, expired keys count as absent and are purged, a database that is down is an error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "postgres/postgres_server.hpp"
#include "postgres/test_database.hpp"
#include "result_matchers.hpp"
#include "storage/postgres/expiring_key_set.hpp"

namespace gateway::storage::postgres {
namespace {

using gateway::testing::IsOk;
using Insert = ExpiringKeySet::Insert;

class ExpiringKeySetTest : public ::testing::Test {
 protected:
  gateway::testing::ScratchSchema schema_{gateway::testing::fixture_postgres_url()};
  PgPool replica_a_pool_{{schema_.url(), 2}};
  PgPool replica_b_pool_{{schema_.url(), 2}};
  ExpiringKeySet a_{replica_a_pool_, "proofs"};
  ExpiringKeySet b_{replica_b_pool_, "proofs"};

  void SetUp() override {
    ASSERT_THAT(a_.create_table(), IsOk());
    ASSERT_THAT(b_.create_table(), IsOk());  // the second replica finds it there
  }
};

TEST_F(ExpiringKeySetTest, AKeyRecordedByOneReplicaIsPresentForTheOther) {
  auto first = a_.insert(std::string("\x00\x01key", 5), 1100, 1000);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(*first, Insert::fresh);
  auto on_b = b_.insert(std::string("\x00\x01key", 5), 1100, 1001);
  ASSERT_THAT(on_b, IsOk());
  EXPECT_EQ(*on_b, Insert::present);
  auto on_a = a_.insert(std::string("\x00\x01key", 5), 1100, 1002);
  ASSERT_THAT(on_a, IsOk());
  EXPECT_EQ(*on_a, Insert::present);
  auto other = b_.insert(std::string("\x00\x02key", 5), 1100, 1002);
  ASSERT_THAT(other, IsOk());
  EXPECT_EQ(*other, Insert::fresh);
}

TEST_F(ExpiringKeySetTest, SetsWithOtherNamesAreApart) {
  ExpiringKeySet other(replica_a_pool_, "other");
  ASSERT_THAT(a_.insert("k", 1100, 1000), IsOk());
  auto there = other.insert("k", 1100, 1000);
  ASSERT_THAT(there, IsOk());
  EXPECT_EQ(*there, Insert::fresh);
}

TEST_F(ExpiringKeySetTest, AnExpiredKeyIsFreshAgain) {
  ASSERT_THAT(a_.insert("k", 1100, 1000), IsOk());
  auto before = b_.insert("k", 1200, 1099);
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(*before, Insert::present);
  auto at_expiry = b_.insert("k", 1200, 1100);  // expired at its expiry second
  ASSERT_THAT(at_expiry, IsOk());
  EXPECT_EQ(*at_expiry, Insert::fresh);
  auto again = a_.insert("k", 1300, 1150);  // recorded anew until 1200
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, Insert::present);
}

TEST_F(ExpiringKeySetTest, PurgeRemovesOnlyExpiredKeys) {
  ASSERT_THAT(a_.insert("old-1", 1010, 1000), IsOk());
  ASSERT_THAT(a_.insert("old-2", 1020, 1000), IsOk());
  ASSERT_THAT(a_.insert("live", 2000, 1000), IsOk());
  auto purged = b_.purge(1500);
  ASSERT_THAT(purged, IsOk());
  EXPECT_EQ(*purged, 2);
  auto live = a_.insert("live", 2000, 1500);
  ASSERT_THAT(live, IsOk());
  EXPECT_EQ(*live, Insert::present);
}

TEST_F(ExpiringKeySetTest, InsertsPurgeAtTheirInterval) {
  ExpiringKeySet purging(replica_a_pool_, "proofs", 100);
  ASSERT_THAT(purging.insert("old", 1010, 1000), IsOk());  // first insert purges (nothing)
  ASSERT_THAT(purging.insert("x", 5000, 1050), IsOk());    // before the interval: no purge
  auto lease = replica_a_pool_.acquire();
  ASSERT_THAT(lease, IsOk());
  const std::string count = "SELECT count(*) FROM expiring_keys WHERE key = '\\x6f6c64'::bytea";
  auto still = (*lease)->exec("count", count);
  ASSERT_THAT(still, IsOk());
  EXPECT_EQ(still->int64(0, 0), 1);
  ASSERT_THAT(purging.insert("y", 5000, 1100), IsOk());  // the interval passed: purged
  auto gone = (*lease)->exec("count", count);
  ASSERT_THAT(gone, IsOk());
  EXPECT_EQ(gone->int64(0, 0), 0);
}

TEST_F(ExpiringKeySetTest, ConcurrentInsertsOfOneKeyYieldOneFresh) {
  std::atomic<int> fresh{0};
  std::atomic<int> present{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto got = (i % 2 == 0 ? a_ : b_).insert("contended", 2000, 1000);
      ASSERT_THAT(got, IsOk());
      (*got == Insert::fresh ? fresh : present)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(present.load(), 7);
}

TEST(ExpiringKeySetDownTest, ADatabaseThatIsDownIsUnavailable) {
  auto server = gateway::testing::PostgresServer::start();
  PgPool pool({server->url(), 1});
  ExpiringKeySet keys(pool, "proofs");
  ASSERT_THAT(keys.create_table(), IsOk());
  ASSERT_THAT(keys.insert("k", 2000, 1000), IsOk());
  server->stop();
  auto refused = keys.insert("k2", 2000, 1001);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, StoreErrorKind::unavailable);
}

}  // namespace
}  // namespace gateway::storage::postgres
