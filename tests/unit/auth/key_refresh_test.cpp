// Keys are fetched in the background and requests never wait for a fetch: the KeyRefresher's
// schedule, unknown kids failing fast, cached keys while the issuer hangs, and shutdown.
#include <atomic>
#include <chrono>
#include <thread>

#include "auth/jwks_fetch.hpp"
#include "auth/key_refresher.hpp"
#include "auth_test_support.hpp"

namespace gateway::auth::testing {
namespace {

using std::chrono::milliseconds;
constexpr auto kHour = std::chrono::hours(1);

class KeyRefresherTest : public ::testing::Test {
 protected:
  KeyRefresher::FetchObserver count_fetches() {
    return [this](const Status& fetched) { (fetched ? fetched_ok : fetched_failed)++; };
  }

  std::atomic<std::int64_t> now{1000};
  FakeJwksEndpoint issuer{combined_jwks()};
  JwksStore store{issuer.fetcher(), [this] { return now.load(); }, 3600, 60};
  std::atomic<int> fetched_ok{0};
  std::atomic<int> fetched_failed{0};
};

TEST_F(KeyRefresherTest, FetchesAtOnceThenWhenALookupSchedulesARefresh) {
  KeyRefresher refresher(store, kHour, kHour, count_fetches());
  ASSERT_TRUE(eventually([&] { return fetched_ok == 1; }));
  EXPECT_TRUE(store.loaded());

  now += 60;
  json rotated = json::parse(issuer.document());
  rotated["keys"][1]["kid"] = "ROTATED-IN";
  issuer.set_document(rotated.dump());
  EXPECT_EQ(store.find("ROTATED-IN").key, nullptr);  // at once, without the key
  ASSERT_TRUE(eventually([&] { return store.find("ROTATED-IN").key != nullptr; }));
  // The store holds the key before the refresher reports the fetch to its observer.
  ASSERT_TRUE(eventually([&] { return fetched_ok == 2; }));
  EXPECT_EQ(issuer.fetches(), 2);
  EXPECT_EQ(store.scheduled_refreshes(), 1u);

  // Within the interval (the boundary: JwksStoreTest) another unknown kid schedules nothing,
  // so the refresher has nothing to do; after it, one more refresh.
  EXPECT_EQ(store.find("UNKNOWN").key, nullptr);
  EXPECT_EQ(store.scheduled_refreshes(), 1u);
  now += 60;
  EXPECT_EQ(store.find("UNKNOWN").key, nullptr);
  ASSERT_TRUE(eventually([&] { return fetched_ok == 3; }));
  EXPECT_EQ(issuer.fetches(), 3);
  EXPECT_EQ(store.scheduled_refreshes(), 2u);
}

// The application fetches once before serving; the refresher then does not fetch the same
// set again at once, only when its period is over or a lookup schedules a refresh.
TEST_F(KeyRefresherTest, ALoadedStoreIsNotFetchedAgainAtOnce) {
  ASSERT_THAT(store.refresh(), IsOk());
  ASSERT_EQ(issuer.fetches(), 1);
  KeyRefresher refresher(store, kHour, kHour, count_fetches());
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(issuer.fetches(), 1);
  now += 60;
  EXPECT_EQ(store.find("UNKNOWN").key, nullptr);  // schedules a refresh
  ASSERT_TRUE(eventually([&] { return fetched_ok == 1; }));
  EXPECT_EQ(issuer.fetches(), 2);
}

TEST_F(KeyRefresherTest, RefreshesOnItsTimerAndRetriesFailuresSooner) {
  issuer.set_offline(true);
  KeyRefresher refresher(store, kHour, milliseconds(5), count_fetches());
  ASSERT_TRUE(eventually([&] { return fetched_failed >= 2; }));  // retried without a lookup
  EXPECT_FALSE(store.loaded());
  issuer.set_offline(false);
  ASSERT_TRUE(eventually([&] { return fetched_ok == 1; }));
  EXPECT_TRUE(store.loaded());
  EXPECT_EQ(store.scheduled_refreshes(), 0u);

  KeyRefresher periodic(store, milliseconds(5), kHour, count_fetches());
  ASSERT_TRUE(eventually([&] { return fetched_ok >= 4; }));
}

TEST_F(KeyRefresherTest, DestructionAbortsAFetchInFlight) {
  issuer.hold();
  auto refresher = std::make_unique<KeyRefresher>(store, kHour, kHour, count_fetches());
  ASSERT_TRUE(eventually([&] { return issuer.fetches() == 1; }));
  const auto start = std::chrono::steady_clock::now();
  refresher.reset();
  EXPECT_LT(elapsed_since(start), milliseconds(1000));
  EXPECT_EQ(fetched_ok + fetched_failed, 0);  // an aborted fetch is not reported
}

// A TrustLayer whose keys come from its background refresher only.
class BackgroundKeysTest : public TrustLayerFixture {
 protected:
  void SetUp() override {}                     // no layer with synchronously loaded keys
  void TearDown() override { layer.reset(); }  // before the members its fetcher uses
  void start(AuthConfig config = appendix_config(), JwksFetcher fetcher = {}) {
    layer = std::make_unique<TrustLayer>(std::move(config), metrics, clock(),
                                         fetcher ? std::move(fetcher) : jwks.fetcher());
    EXPECT_FALSE(layer->keys_loaded());
    layer->start_key_refresh();
    layer->start_key_refresh();  // once only
  }

  // Stage 1 for `token` with a fresh proof, timed.
  fhir::Result<std::shared_ptr<const Principal>> authenticate(const std::string& token,
                                                              milliseconds* took = nullptr) {
    const fhir::Request r =
        request("GET", "/fhir/Patient/123",
                {{"authorization", "DPoP " + token}, {"dpop", derived_proof(token)}});
    const auto start = std::chrono::steady_clock::now();
    auto result = layer->authenticate(r, user_route);
    if (took) *took = elapsed_since(start);
    return result;
  }

  static void expect_unknown_kid(const fhir::Result<std::shared_ptr<const Principal>>& result) {
    ASSERT_THAT(result, HasErrorKind(fhir::ErrorKind::unauthorized));
    EXPECT_EQ(result.error().log_detail.rfind("auth unknown_kid", 0), 0u)
        << result.error().log_detail;
  }

  SilentListener hanging_issuer;
  std::atomic<int> fetcher_calls{0};
};

TEST_F(BackgroundKeysTest, UnknownKidFailsFastAndOneBackgroundRefreshBringsItsKey) {
  start();
  ASSERT_TRUE(eventually([&] { return layer->keys_loaded(); }));
  // The fetch is counted just after its keys are in force.
  ASSERT_TRUE(eventually([&] { return jwks_fetches("ok") == 1u; }));
  ASSERT_THAT(authenticate(kAppendixToken), IsOk());

  now += 60;  // the refresh interval has passed
  json rotated = json::parse(jwks.document());
  rotated["keys"][1]["kid"] = "ROTATED-IN";
  jwks.set_document(rotated.dump());
  jwks.hold();  // the issuer is slow: requests must not notice
  const std::string token = derived_token({}, {{"kid", "ROTATED-IN"}});
  for (int i = 0; i < 3; ++i) {
    milliseconds took{};
    expect_unknown_kid(authenticate(token, &took));
    EXPECT_LT(took, milliseconds(50));
  }
  EXPECT_EQ(failures("unknown_kid"), 3u);
  ASSERT_TRUE(eventually([&] { return jwks.fetches() == 2; }));  // one refresh, in flight
  jwks.release();
  ASSERT_TRUE(eventually([&] { return jwks_fetches("ok") == 2; }));
  EXPECT_THAT(authenticate(token), IsOk());
  EXPECT_EQ(jwks.fetches(), 2);
}

TEST_F(BackgroundKeysTest, NoKeysUntilTheFirstSuccessfulFetch) {
  jwks.set_offline(true);
  start();
  ASSERT_TRUE(eventually([&] { return jwks_fetches("failed") == 1; }));
  EXPECT_FALSE(layer->keys_loaded());
  const auto refused = authenticate(kAppendixToken);
  ASSERT_THAT(refused, HasErrorKind(fhir::ErrorKind::unavailable));
  EXPECT_EQ(refused.error().log_detail, "auth keys_unavailable: no JWKS loaded");

  jwks.set_offline(false);
  now += 60;
  EXPECT_THAT(authenticate(kAppendixToken), HasErrorKind(fhir::ErrorKind::unavailable));
  ASSERT_TRUE(eventually([&] { return layer->keys_loaded(); }));  // scheduled by that request
  EXPECT_THAT(authenticate(kAppendixToken), IsOk());
}

TEST_F(BackgroundKeysTest, CachedKeyServesRequestsWhileTheIssuerHangsAndShutdownIsPrompt) {
  // The first fetch succeeds; later ones hang in the TLS handshake far longer than the test.
  const JwksFetcher fetcher = [this](std::stop_token stop) {
    if (fetcher_calls++ == 0) return jwks.fetcher()(stop);
    return https_get(hanging_issuer.url(), std::chrono::seconds(30), stop);
  };
  AuthConfig config = appendix_config();
  config.signature_cache_entries = 0;  // every request looks its key up
  start(config, fetcher);
  ASSERT_TRUE(eventually([&] { return layer->keys_loaded(); }));

  now += 60;
  expect_unknown_kid(authenticate(derived_token({}, {{"kid", "NOT-YET-PUBLISHED"}})));
  ASSERT_TRUE(eventually([&] { return fetcher_calls == 2; }));  // the refresher hangs

  for (int i = 0; i < 3; ++i) {
    milliseconds took{};
    EXPECT_THAT(authenticate(kAppendixToken, &took), IsOk());
    EXPECT_LT(took, milliseconds(50));
  }
  const auto start = std::chrono::steady_clock::now();
  layer.reset();
  EXPECT_LT(elapsed_since(start), milliseconds(1500));
  EXPECT_EQ(fetcher_calls, 2);
}

}  // namespace
}  // namespace gateway::auth::testing
