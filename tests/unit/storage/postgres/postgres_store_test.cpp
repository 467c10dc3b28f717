// What PostgresStore adds to the contract: two stores on one database act as two replicas
// (one winner among concurrent If-Match updates, one resource from concurrent conditional
// creates), a first page waits for the writes in flight (its snapshot), and the store
// reports the server down and recovers by itself once it is back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "postgres/postgres_server.hpp"
#include "postgres/test_database.hpp"
#include "storage/postgres/pg_pool.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace gateway::storage::postgres {
namespace {

std::unique_ptr<PostgresStore> open_store(const std::string& url) {
  PostgresStoreOptions options;
  options.url = url;
  auto opened = PostgresStore::open(options);
  EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
  return opened ? std::move(*opened) : nullptr;
}

ResourceWrite patient(const std::string& id, std::optional<std::int64_t> expected = {}) {
  return ResourceWrite{"Patient", id, {{"resourceType", "Patient"}, {"id", id}}, expected, {}};
}

StoreResult<WriteOutcome> put(ResourceStore& store, ResourceWrite write) {
  auto transaction = store.begin();
  transaction->put(std::move(write));
  auto committed = transaction->commit();
  if (!committed) return std::move(committed).take_error();
  return committed->front();
}

class TwoReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = open_store(schema_.url());
    b_ = open_store(schema_.url());  // finds the schema migrated
    ASSERT_TRUE(a_ && b_);
  }
  testing::ScratchSchema schema_{testing::fixture_postgres_url()};
  std::unique_ptr<PostgresStore> a_;
  std::unique_ptr<PostgresStore> b_;
};

TEST_F(TwoReplicasTest, FiftyUpdatesWithOneIfMatchOneWins) {
  ASSERT_TRUE(put(*a_, patient("p1")).ok());
  std::atomic<int> won{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      auto outcome = put(i % 2 == 0 ? *a_ : *b_, patient("p1", 1));
      if (outcome) {
        ++won;
      } else if (outcome.error().kind == StoreErrorKind::version_conflict) {
        EXPECT_EQ(outcome.error().current_version, 2);
        ++conflicts;
      } else {
        ADD_FAILURE() << outcome.error().message;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 49);
  auto history = b_->history(HistoryQuery{"Patient", "p1"});
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->versions.size(), 2u);
}

TEST_F(TwoReplicasTest, UpdatesWithoutIfMatchAreNeverLost) {
  ASSERT_TRUE(put(*a_, patient("p1")).ok());
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] { EXPECT_TRUE(put(i % 2 == 0 ? *a_ : *b_, patient("p1")).ok()); });
  }
  for (auto& t : threads) t.join();
  auto current = a_->read("Patient", "p1");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->version, 21);
}

TEST_F(TwoReplicasTest, ConcurrentConditionalCreatesOnBothYieldOneResource) {
  IndexValues index;
  index.tokens.push_back({"identifier", "urn:oid:2.16.578.1.12.4.1.4.1", "13116900216", ""});
  SearchQuery condition;
  condition.type = "Patient";
  condition.clauses.push_back(
      Clause{"identifier", {TokenMatch{"urn:oid:2.16.578.1.12.4.1.4.1", "13116900216", ""}}});
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto transaction = (i % 2 == 0 ? *a_ : *b_).begin();
      ResourceWrite write = patient("c" + std::to_string(i), 0);
      write.index = index;
      transaction->put_if_none_exist(condition, std::move(write));
      auto committed = transaction->commit();
      ASSERT_TRUE(committed.ok()) << committed.error().message;
      if (committed->front().changed) ++created;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  condition.count = 10;
  auto found = b_->search(condition);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->matches.size(), 1u);
}

// A writer in flight holds the store's snapshot lock in shared mode; a first page cannot
// take its snapshot before that writer ends, so nothing can later commit below it.
TEST_F(TwoReplicasTest, AFirstPageWaitsForTheWriterInFlight) {
  PgPool raw({schema_.url(), 2});
  auto writer = raw.acquire();
  auto observer = raw.acquire();
  ASSERT_TRUE(writer.ok() && observer.ok());
  ASSERT_TRUE((*writer)->exec("begin", "BEGIN").ok());
  ASSERT_TRUE((*writer)
                  ->exec("shared", "SELECT pg_advisory_xact_lock_shared(" +
                                       std::to_string(0x46480002) + ", hashtext(current_schema()))")
                  .ok());
  std::atomic<bool> searched{false};
  std::thread search([&] {
    SearchQuery query;
    query.type = "Patient";
    EXPECT_TRUE(a_->search(query).ok());
    searched = true;
  });
  // Wait (bounded) until the search's lock request is queued behind the writer.
  bool waiting = false;
  for (int i = 0; i < 500 && !waiting; ++i) {
    auto rows = (*observer)->exec(
        "locks",
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
        "classid = " +
            std::to_string(0x46480002) +
            " AND objid = (hashtext(current_schema())::bigint & 4294967295)::oid");
    ASSERT_TRUE(rows.ok());
    waiting = rows->int64(0, 0) == 1;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting);
  EXPECT_FALSE(searched.load());
  ASSERT_TRUE((*writer)->exec("commit", "COMMIT").ok());
  search.join();
  EXPECT_TRUE(searched.load());
}

// A private server: stopping the shared one would disturb the tests running beside this one.
TEST(PostgresStoreRecoveryTest, DownIsUnavailableAndTheStoreRecoversWhenTheServerIsBack) {
  auto server = testing::PostgresServer::start();
  auto store = open_store(server->url());
  ASSERT_TRUE(store);
  ASSERT_TRUE(put(*store, patient("p1")).ok());
  server->restart();
  EXPECT_TRUE(store->read("Patient", "p1").ok());  // the pool reconnected
  server->stop();
  auto read = store->read("Patient", "p1");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().kind, StoreErrorKind::unavailable);
  auto written = put(*store, patient("p2"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, StoreErrorKind::unavailable);
  auto ready = store->check();
  ASSERT_FALSE(ready.ok());
  EXPECT_EQ(ready.error().kind, StoreErrorKind::unavailable);
  server->restart();  // starts it again
  EXPECT_TRUE(store->check().ok());
  EXPECT_TRUE(store->read("Patient", "p1").ok());
  EXPECT_TRUE(put(*store, patient("p2")).ok());
}

TEST(PostgresStoreRecoveryTest, OpeningWithTheServerDownIsUnavailable) {
  auto server = testing::PostgresServer::start();
  const std::string url = server->url();
  server->stop();
  PostgresStoreOptions options;
  options.url = url;
  auto opened = PostgresStore::open(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, StoreErrorKind::unavailable);
}

}  // namespace
}  // namespace gateway::storage::postgres
