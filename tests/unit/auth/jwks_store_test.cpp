// JWKS parsing, TTL, rotation and the rate-limited refresh on unknown kids.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "auth/jwks_fetch.hpp"
#include "auth/jwks_store.hpp"
#include "auth/signing_key.hpp"
#include "result_matchers.hpp"

namespace gateway::auth {
namespace {

using ::gateway::testing::HasFailureReason;
using nlohmann::json;

json jwk_with_kid(const SigningKey& key, const std::string& kid) {
  json jwk = key.public_jwk();
  jwk["kid"] = kid;
  return jwk;
}

std::string jwks_of(std::initializer_list<json> keys) {
  json array = json::array();
  for (const auto& key : keys) array.push_back(key);
  return json{{"keys", array}}.dump();
}

class JwksStoreTest : public ::testing::Test {
 protected:
  JwksStore make_store(std::int64_t ttl = 3600, std::int64_t interval = 60) {
    return JwksStore(
        [this] {
          ++fetches;
          if (offline) return FetchResult{std::nullopt, "offline"};
          return FetchResult{document, {}};
        },
        [this] { return now; }, ttl, interval);
  }

  static const SigningKey& key_a() {
    static const SigningKey k = SigningKey::generate_ec("P-256").value();
    return k;
  }
  static const SigningKey& key_b() {
    static const SigningKey k = SigningKey::generate_ec("P-384").value();
    return k;
  }

  std::int64_t now = 1000;
  int fetches = 0;
  bool offline = false;
  std::string document = jwks_of({jwk_with_kid(key_a(), "A")});
};

TEST_F(JwksStoreTest, LoadsLazilyAndCachesWithinTtl) {
  JwksStore store = make_store();
  EXPECT_EQ(fetches, 0);
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_EQ(fetches, 1);
  now += 3600;  // TTL over: refetch on next use
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_EQ(fetches, 2);
}

TEST_F(JwksStoreTest, UnknownKidRefreshIsRateLimited) {
  JwksStore store = make_store(3600, 60);
  ASSERT_NE(store.find("A").key, nullptr);
  EXPECT_EQ(store.find("B").key, nullptr);  // 2nd fetch? no: interval not passed
  EXPECT_EQ(fetches, 1);
  now += 59;
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(fetches, 1);
  now += 1;
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(fetches, 2);
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(fetches, 2);
}

TEST_F(JwksStoreTest, RotationFindsNewKeyAndKeepsOldUntilItsTtl) {
  JwksStore store = make_store(3600, 60);
  ASSERT_NE(store.find("A").key, nullptr);
  now += 120;
  document = jwks_of({jwk_with_kid(key_b(), "B")});  // issuer rotated A out
  const auto b = store.find("B");
  ASSERT_NE(b.key, nullptr);
  EXPECT_EQ(b.key->crv, "P-384");
  EXPECT_EQ(fetches, 2);
  EXPECT_NE(store.find("A").key, nullptr);  // kept: tokens signed just before rotation
  now = 1120 + 3600;  // the set is stale and A's TTL is over: the refetch drops it
  EXPECT_NE(store.find("B").key, nullptr);
  EXPECT_EQ(store.find("A").key, nullptr);
  EXPECT_EQ(store.key_count(), 1u);
}

TEST_F(JwksStoreTest, FailedRefreshKeepsServingKnownKeys) {
  JwksStore store = make_store(3600, 60);
  ASSERT_NE(store.find("A").key, nullptr);
  offline = true;
  now += 7200;
  EXPECT_NE(store.find("A").key, nullptr);
  const Status refreshed = store.refresh();
  ASSERT_THAT(refreshed, HasFailureReason(FailureReason::keys_unavailable));
  EXPECT_EQ(refreshed.error().detail, "offline");
}

TEST_F(JwksStoreTest, NothingLoadedReportsNoKeys) {
  offline = true;
  JwksStore store = make_store();
  const auto lookup = store.find("A");
  EXPECT_EQ(lookup.key, nullptr);
  EXPECT_FALSE(lookup.any_keys);
}

TEST(ParseJwks, SkipsUnusableKeysAndRejectsNonJwks) {
  const auto good = SigningKey::generate_ec("P-256").value();
  json no_kid = good.public_jwk();
  json with_private = jwk_with_kid(good, "P");
  with_private["d"] = "AAAA";
  const auto parsed = parse_jwks(
      jwks_of({jwk_with_kid(good, "G"), no_kid, with_private, json{{"kty", "oct"}, {"kid", "H"}}}));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->keys.size(), 1u);
  EXPECT_TRUE(parsed->keys.contains("G"));
  EXPECT_EQ(parsed->skipped.size(), 3u);
  EXPECT_FALSE(parse_jwks("[]").has_value());
  EXPECT_FALSE(parse_jwks(R"({"keys":{}})").has_value());
  EXPECT_FALSE(parse_jwks("not json").has_value());
}

TEST(JwksFetcher, ReadsFilesAndRefusesPlainHttp) {
  const auto key = SigningKey::generate_ec("P-256").value();
  const auto path = std::filesystem::temp_directory_path() / "auth_test_jwks.json";
  std::ofstream(path) << jwks_of({jwk_with_kid(key, "F")});
  const FetchResult from_file = make_jwks_fetcher(path.string(), "iss")();
  ASSERT_TRUE(from_file.body.has_value()) << from_file.error;
  EXPECT_TRUE(parse_jwks(*from_file.body)->keys.contains("F"));
  EXPECT_TRUE(make_jwks_fetcher("file://" + path.string(), "iss")().body.has_value());
  EXPECT_FALSE(make_jwks_fetcher("/nonexistent/jwks.json", "iss")().body.has_value());
  EXPECT_FALSE(https_get("http://example.test/jwks").body.has_value());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace gateway::auth
