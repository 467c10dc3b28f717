// JWKS parsing, TTL, rotation, the rate-limited refresh scheduling of unknown kids, and the
// fetchers' time limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "auth/jwks_fetch.hpp"
#include "auth/jwks_store.hpp"
#include "auth/signing_key.hpp"
#include "jwks_test_support.hpp"
#include "result_matchers.hpp"

namespace gateway::auth {
namespace {

using ::gateway::testing::HasFailureReason;
using ::gateway::testing::IsOk;
using nlohmann::json;
using testing::elapsed_since;
using testing::FakeJwksEndpoint;
using ::testing::HasSubstr;
using testing::SilentListener;

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
        issuer.fetcher(), [this] { return now; }, ttl, interval);
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
  FakeJwksEndpoint issuer{jwks_of({jwk_with_kid(key_a(), "A")})};
};

TEST_F(JwksStoreTest, FindNeverFetchesButSchedulesARefreshWhenTheSetIsMissingOrStale) {
  JwksStore store = make_store();
  EXPECT_FALSE(store.loaded());
  const auto before_load = store.find("A");
  EXPECT_EQ(before_load.key, nullptr);
  EXPECT_FALSE(before_load.any_keys);
  EXPECT_EQ(store.find("A").key, nullptr);
  EXPECT_EQ(issuer.fetches(), 0);
  EXPECT_EQ(store.scheduled_refreshes(), 1u);  // once, however many lookups

  ASSERT_THAT(store.refresh(), IsOk());  // what the refresher does
  EXPECT_TRUE(store.loaded());
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_EQ(issuer.fetches(), 1);
  EXPECT_EQ(store.scheduled_refreshes(), 1u);

  now += 3600;  // TTL over: still served, and a refresh is scheduled
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_EQ(store.scheduled_refreshes(), 2u);
  EXPECT_EQ(issuer.fetches(), 1);
}

TEST_F(JwksStoreTest, UnknownKidSchedulesOneRefreshPerInterval) {
  JwksStore store = make_store(3600, 60);
  ASSERT_THAT(store.refresh(), IsOk());
  EXPECT_EQ(store.find("B").key, nullptr);  // the last fetch attempt is too recent
  EXPECT_EQ(store.scheduled_refreshes(), 0u);
  now += 59;
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(store.scheduled_refreshes(), 0u);
  now += 1;
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(store.find("C").key, nullptr);
  EXPECT_EQ(store.scheduled_refreshes(), 1u);
  EXPECT_EQ(issuer.fetches(), 1);  // lookups fail at once, they fetch nothing

  ASSERT_THAT(store.refresh(), IsOk());  // the scheduled refresh
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(store.scheduled_refreshes(), 1u);
  now += 60;
  EXPECT_EQ(store.find("B").key, nullptr);
  EXPECT_EQ(store.scheduled_refreshes(), 2u);
  EXPECT_EQ(issuer.fetches(), 2);
}

TEST_F(JwksStoreTest, ScheduledRefreshWakesAWaiterAndStopEndsTheWait) {
  JwksStore store = make_store(3600, 60);
  const auto far = std::chrono::steady_clock::now() + std::chrono::hours(1);
  store.find("A");  // nothing loaded: schedules
  EXPECT_TRUE(store.wait_for_scheduled_refresh({}, far));
  ASSERT_THAT(store.refresh(), IsOk());  // takes the scheduled refresh
  EXPECT_FALSE(store.wait_for_scheduled_refresh({}, std::chrono::steady_clock::now()));

  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(store.wait_for_scheduled_refresh(stop.get_token(), far));
  EXPECT_LT(elapsed_since(start), std::chrono::seconds(5));
}

// Attack: a key the issuer withdrew used to verify fresh tokens for up to a day ("last seen
// + TTL"). The set in force is exactly the last fetched one.
TEST_F(JwksStoreTest, AWithdrawnKeyStopsVerifyingAtTheNextSuccessfulRefresh) {
  JwksStore store = make_store(3600, 60);
  ASSERT_THAT(store.refresh(), IsOk());
  ASSERT_NE(store.find("A").key, nullptr);
  now += 120;
  issuer.set_document(jwks_of({jwk_with_kid(key_b(), "B")}));  // the issuer withdrew A
  EXPECT_EQ(store.find("B").key, nullptr);                     // until the refresh
  EXPECT_NE(store.find("A").key, nullptr);
  ASSERT_THAT(store.refresh(), IsOk());
  const auto b = store.find("B");
  ASSERT_NE(b.key, nullptr);
  EXPECT_EQ(b.key->crv, "P-384");
  EXPECT_EQ(store.find("A").key, nullptr);
  EXPECT_EQ(store.key_count(), 1u);
  ASSERT_THAT(store.refresh(), IsOk());  // and it stays gone
  EXPECT_EQ(store.find("A").key, nullptr);
}

TEST_F(JwksStoreTest, AWithdrawnKeyVerifiesForTheGraceOnlyCountedFromTheFetchThatSawItGone) {
  JwksStore store(
      issuer.fetcher(), [this] { return now; }, 3600, 60, 30);
  ASSERT_THAT(store.refresh(), IsOk());
  issuer.set_document(jwks_of({jwk_with_kid(key_b(), "B")}));
  now += 100;
  ASSERT_THAT(store.refresh(), IsOk());  // A withdrawn at 1100: grace until 1130
  EXPECT_NE(store.find("A").key, nullptr);
  now += 20;
  ASSERT_THAT(store.refresh(), IsOk());  // a later fetch does not extend the grace
  EXPECT_NE(store.find("A").key, nullptr);
  now += 10;
  EXPECT_EQ(store.find("A").key, nullptr);  // 1130: over, even before the next fetch
  ASSERT_THAT(store.refresh(), IsOk());
  EXPECT_EQ(store.key_count(), 1u);
  // A key that comes back is in force again.
  issuer.set_document(jwks_of({jwk_with_kid(key_a(), "A"), jwk_with_kid(key_b(), "B")}));
  ASSERT_THAT(store.refresh(), IsOk());
  EXPECT_NE(store.find("A").key, nullptr);
}

TEST_F(JwksStoreTest, FailedRefreshKeepsServingKnownKeys) {
  JwksStore store = make_store(3600, 60);
  ASSERT_THAT(store.refresh(), IsOk());
  ASSERT_NE(store.find("A").key, nullptr);
  issuer.set_offline(true);
  now += 7200;
  const Status refreshed = store.refresh();
  ASSERT_THAT(refreshed, HasFailureReason(FailureReason::keys_unavailable));
  EXPECT_EQ(refreshed.error().detail, "offline");
  EXPECT_NE(store.find("A").key, nullptr);
  EXPECT_TRUE(store.loaded());
}

TEST_F(JwksStoreTest, NothingLoadedReportsNoKeys) {
  issuer.set_offline(true);
  JwksStore store = make_store();
  EXPECT_THAT(store.refresh(), HasFailureReason(FailureReason::keys_unavailable));
  const auto lookup = store.find("A");
  EXPECT_EQ(lookup.key, nullptr);
  EXPECT_FALSE(lookup.any_keys);
  EXPECT_FALSE(store.loaded());
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

constexpr std::chrono::milliseconds kFetchTimeout(5000);

TEST(JwksFetcher, ReadsFilesAndRefusesPlainHttp) {
  const auto key = SigningKey::generate_ec("P-256").value();
  const auto path = std::filesystem::temp_directory_path() / "auth_test_jwks.json";
  std::ofstream(path) << jwks_of({jwk_with_kid(key, "F")});
  const FetchResult from_file = make_jwks_fetcher(path.string(), "iss", kFetchTimeout)({});
  ASSERT_TRUE(from_file.body.has_value()) << from_file.error;
  EXPECT_TRUE(parse_jwks(*from_file.body)->keys.contains("F"));
  EXPECT_TRUE(
      make_jwks_fetcher("file://" + path.string(), "iss", kFetchTimeout)({}).body.has_value());
  EXPECT_FALSE(make_jwks_fetcher("/nonexistent/jwks.json", "iss", kFetchTimeout)({}).body);
  EXPECT_FALSE(https_get("http://example.test/jwks", kFetchTimeout).body.has_value());
  std::filesystem::remove(path);
}

TEST(JwksFetcher, HangingIssuerTimesOut) {
  SilentListener issuer;
  const auto start = std::chrono::steady_clock::now();
  const FetchResult fetched =
      make_jwks_fetcher(issuer.url(), "iss", std::chrono::milliseconds(200))({});
  EXPECT_LT(elapsed_since(start), std::chrono::seconds(3));
  ASSERT_FALSE(fetched.body.has_value());
  EXPECT_THAT(fetched.error, HasSubstr(issuer.url()));
}

TEST(JwksFetcher, StopAbortsAHangingFetchWithinASecond) {
  SilentListener issuer;
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  const FetchResult fetched = https_get(issuer.url(), std::chrono::seconds(30), stop.get_token());
  EXPECT_LT(elapsed_since(start), std::chrono::milliseconds(1500));
  EXPECT_EQ(fetched.error, issuer.url() + ": stopped");
}

}  // namespace
}  // namespace gateway::auth
