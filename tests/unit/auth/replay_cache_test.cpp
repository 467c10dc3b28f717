// The in-memory DPoP replay cache (fixed-size keyed digests, O(1) inserts, expiry from the
// ring's front) and the signature cache.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <utility>

#include "auth/replay_cache.hpp"
#include "auth/signature_cache.hpp"

namespace gateway::auth {
namespace {

using Insert = ReplayCache::Insert;

TEST(InMemoryReplayCache, SecondInsertIsAReplayUntilExpiry) {
  InMemoryReplayCache cache(1024);
  EXPECT_EQ(cache.insert("jkt", "1", 110, 100), Insert::fresh);
  EXPECT_EQ(cache.insert("jkt", "1", 110, 105), Insert::replay);
  EXPECT_EQ(cache.insert("jkt", "2", 110, 105), Insert::fresh);
  EXPECT_EQ(cache.insert("other-jkt", "1", 110, 105), Insert::fresh);  // keyed by both
  EXPECT_EQ(cache.insert("jkt", "1", 120, 110), Insert::fresh);        // expired at 110
  EXPECT_EQ(cache.insert("jkt", "1", 120, 115), Insert::replay);
}

TEST(InMemoryReplayCache, PairsThatConcatenateAlikeAreDistinct) {
  InMemoryReplayCache cache(1024);
  EXPECT_EQ(cache.insert("ab", "c", 200, 100), Insert::fresh);
  EXPECT_EQ(cache.insert("a", "bc", 200, 100), Insert::fresh);
}

// Attack: 3,000 proofs with 9,000-character jtis used to add 27 MB. Entries are digests now:
// the memory is fixed at construction, whatever the jtis are.
TEST(InMemoryReplayCache, LongJtisCostNoMemoryBeyondTheFixedBound) {
  InMemoryReplayCache cache(4096);
  const std::size_t bound = cache.capacity() * InMemoryReplayCache::kBytesPerEntry;
  EXPECT_EQ(cache.allocated_bytes(), bound);
  EXPECT_LT(bound, 4096 * InMemoryReplayCache::kBytesPerEntry + 16 * 72 + 1);
  for (int i = 0; i < 3000; ++i) {
    ASSERT_EQ(cache.insert("jkt", std::string(9000, 'x') + std::to_string(i), 200, 100),
              Insert::fresh);
  }
  EXPECT_EQ(cache.size(), 3000u);
  EXPECT_EQ(cache.allocated_bytes(), bound);
}

// A full cache refuses new proofs (the caller answers 503) and still recognises every proof
// it holds as a replay: full or not, a replay is never accepted.
TEST(InMemoryReplayCache, FullRefusesNewProofsAndStillDetectsReplays) {
  InMemoryReplayCache cache(1024);
  int fresh = 0;
  int full = 0;
  for (int i = 0; i < 4000; ++i) {
    const Insert result = cache.insert("jkt", std::to_string(i), 1000, 100);
    fresh += result == Insert::fresh;
    full += result == Insert::full;
  }
  EXPECT_EQ(fresh + full, 4000);
  EXPECT_LE(static_cast<std::size_t>(fresh), cache.capacity());
  EXPECT_GE(static_cast<std::size_t>(fresh), cache.capacity() / 2);  // shards fill unevenly
  int replays = 0;
  for (int i = 0; i < 4000; ++i) {
    const Insert again = cache.insert("jkt", std::to_string(i), 1000, 100);
    ASSERT_NE(again, Insert::fresh) << i;
    replays += again == Insert::replay;
  }
  EXPECT_EQ(replays, fresh);
  // Expired entries leave from the front of each shard's ring: room again.
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(cache.insert("jkt", "later" + std::to_string(i), 2000, 1000), Insert::fresh);
  }
}

// Against a plain map as the model, over many expiries, collisions within the small tables
// and re-inserts: the open-addressing deletion never loses or invents an entry.
TEST(InMemoryReplayCache, AgreesWithAMapModelUnderRandomTraffic) {
  InMemoryReplayCache cache(1024);  // 64 per shard, tables of 128 slots
  std::map<std::string, std::int64_t> model;
  std::mt19937 random(7);
  std::int64_t now = 1000;
  for (int step = 0; step < 200000; ++step) {
    if (step % 50 == 0) ++now;
    const std::string jti = std::to_string(random() % 3000);
    const std::int64_t expires = now + 1 + static_cast<std::int64_t>(random() % 16);
    const auto it = model.find(jti);
    const bool live = it != model.end() && it->second > now;
    const Insert got = cache.insert("k", jti, expires, now);
    if (live) {
      ASSERT_EQ(got, Insert::replay) << "step " << step;
    } else {
      ASSERT_NE(got, Insert::replay) << "step " << step;
      if (got == Insert::fresh) model[jti] = expires;
    }
  }
}

// The shard and the table slot come from a keyed digest with a per-process random key, so
// nobody can aim many proofs at one shard: two caches place the same proofs differently.
TEST(InMemoryReplayCache, ShardChoiceIsKeyedPerInstance) {
  InMemoryReplayCache a(1024);
  InMemoryReplayCache b(1024);
  int differ = 0;
  for (int i = 0; i < 64; ++i) {
    differ += a.shard_of("jkt", std::to_string(i)) != b.shard_of("jkt", std::to_string(i));
  }
  EXPECT_GT(differ, 32);
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
