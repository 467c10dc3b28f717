// The shared DPoP replay cache: two caches on one database act as two replicas; a proof
// recorded by one is a replay for the other, expiry frees it, and a database that is down
// refuses proofs (full) instead of accepting them.
#include <gtest/gtest.h>

#include "app/shared_replay_cache.hpp"
#include "postgres/postgres_server.hpp"
#include "postgres/test_database.hpp"

namespace gateway::app {
namespace {

using Insert = auth::ReplayCache::Insert;

class SharedReplayCacheTest : public ::testing::Test {
 protected:
  gateway::testing::ScratchSchema schema_{gateway::testing::fixture_postgres_url()};
  SharedReplayCache replica_a_{schema_.url()};
  SharedReplayCache replica_b_{schema_.url()};
};

TEST_F(SharedReplayCacheTest, AProofUsedOnOneReplicaIsAReplayOnTheOther) {
  EXPECT_EQ(replica_a_.insert("key-thumbprint", "jti-1", 1300, 1000), Insert::fresh);
  EXPECT_EQ(replica_b_.insert("key-thumbprint", "jti-1", 1300, 1001), Insert::replay);
  EXPECT_EQ(replica_a_.insert("key-thumbprint", "jti-1", 1300, 1002), Insert::replay);
}

TEST_F(SharedReplayCacheTest, OtherKeysAndJtisAreOtherProofs) {
  EXPECT_EQ(replica_a_.insert("key-a", "jti", 1300, 1000), Insert::fresh);
  EXPECT_EQ(replica_b_.insert("key-b", "jti", 1300, 1000), Insert::fresh);
  EXPECT_EQ(replica_b_.insert("key-a", "jti-2", 1300, 1000), Insert::fresh);
  // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_EQ(replica_a_.insert("ab", "c", 1300, 1000), Insert::fresh);
  EXPECT_EQ(replica_b_.insert("a", "bc", 1300, 1000), Insert::fresh);
}

TEST_F(SharedReplayCacheTest, AnExpiredProofIsNoLongerRecorded) {
  EXPECT_EQ(replica_a_.insert("k", "jti", 1300, 1000), Insert::fresh);
  EXPECT_EQ(replica_b_.insert("k", "jti", 1300, 1299), Insert::replay);
  // After its expiry the iat check refuses such a proof anyway; the record may go.
  EXPECT_EQ(replica_b_.insert("k", "jti", 1600, 1300), Insert::fresh);
}

TEST(SharedReplayCacheDownTest, ADatabaseThatIsDownRefusesProofs) {
  auto server = gateway::testing::PostgresServer::start();
  SharedReplayCache cache(server->url());
  ASSERT_TRUE(cache.prepare().ok());
  EXPECT_EQ(cache.insert("k", "jti-1", 1300, 1000), Insert::fresh);
  server->stop();
  EXPECT_EQ(cache.insert("k", "jti-2", 1300, 1001), Insert::full);
  EXPECT_EQ(cache.insert("k", "jti-1", 1300, 1001), Insert::full);  // not "fresh" either
}

TEST(SharedReplayCacheDownTest, ADatabaseNotYetUpAtStartRefusesUntilItAnswers) {
  auto server = gateway::testing::PostgresServer::start();
  const std::string url = server->url();
  server->stop();
  SharedReplayCache cache(url);
  EXPECT_FALSE(cache.prepare().ok());
  EXPECT_EQ(cache.insert("k", "jti-1", 1300, 1000), Insert::full);
}

}  // namespace
}  // namespace gateway::app
