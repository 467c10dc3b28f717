// The in-memory DPoP replay cache and the signature cache.
#include <gtest/gtest.h>

#include "auth/replay_cache.hpp"
#include "auth/signature_cache.hpp"

namespace gateway::auth {
namespace {

TEST(InMemoryReplayCache, SecondInsertIsAReplayUntilExpiry) {
  InMemoryReplayCache cache(1000);
  EXPECT_EQ(cache.insert("jkt:1", 110, 100), ReplayCache::Insert::fresh);
  EXPECT_EQ(cache.insert("jkt:1", 110, 105), ReplayCache::Insert::replay);
  EXPECT_EQ(cache.insert("jkt:2", 110, 105), ReplayCache::Insert::fresh);
  EXPECT_EQ(cache.insert("jkt:1", 120, 110), ReplayCache::Insert::fresh);  // expired at 110
}

TEST(InMemoryReplayCache, FailsClosedWhenFull) {
  InMemoryReplayCache cache(16);  // one entry per shard
  int full = 0;
  for (int i = 0; i < 200; ++i) {
    full += cache.insert("k" + std::to_string(i), 1000, 100) == ReplayCache::Insert::full;
  }
  EXPECT_GE(full, 200 - 16);
  // Expired entries make room again.
  EXPECT_EQ(cache.insert("later", 2000, 1000), ReplayCache::Insert::fresh);
}

std::shared_ptr<const VerifiedToken> token(std::int64_t exp) {
  auto t = std::make_shared<VerifiedToken>();
  t->expires_at = exp;
  return t;
}

TEST(SignatureCache, FindsUntilValidUntil) {
  SignatureCache cache(10);
  cache.store("tok", token(200), 200, 100);
  EXPECT_NE(cache.find("tok", 199), nullptr);
  EXPECT_EQ(cache.find("tok", 200), nullptr);
  EXPECT_EQ(cache.find("other", 150), nullptr);
}

TEST(SignatureCache, IsBoundedAndEvictsExpiredThenOldest) {
  SignatureCache cache(3);
  cache.store("a", token(150), 150, 100);
  cache.store("b", token(500), 500, 100);
  cache.store("c", token(500), 500, 100);
  cache.store("d", token(500), 500, 200);  // "a" expired: evicted first
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_NE(cache.find("b", 200), nullptr);
  cache.store("e", token(500), 500, 200);  // full of live entries: oldest ("b") goes
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.find("b", 200), nullptr);
  EXPECT_NE(cache.find("e", 200), nullptr);
}

TEST(SignatureCache, ZeroEntriesDisablesCaching) {
  SignatureCache cache(0);
  cache.store("a", token(500), 500, 100);
  EXPECT_EQ(cache.find("a", 100), nullptr);
}

}  // namespace
}  // namespace gateway::auth
