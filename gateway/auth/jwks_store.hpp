// The issuer's signing keys: exactly the last JWKS fetched successfully, plus, for a short
// configurable grace, the keys the previous set had and this one dropped (a rotation in
// flight). Lookups never fetch: an unknown kid or a stale set schedules a refresh (at most
// once per interval) that the KeyRefresher's thread, or a call to refresh(), carries out.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stop_token>
#include <string>

#include "auth/failure.hpp"
#include "auth/jwk.hpp"

namespace gateway::auth {

using Clock = std::function<std::int64_t()>;  // unix seconds

struct FetchResult {
  std::optional<std::string> body;  // the JWKS document on success
  std::string error;                // why not, for the log
};
// Fetches the JWKS document; gives up soon after `stop` is requested (shutdown).
using JwksFetcher = std::function<FetchResult(std::stop_token stop)>;

struct JwksParse {
  std::map<std::string, std::shared_ptr<const PublicJwk>> keys;  // by kid
  std::vector<std::string> skipped;                              // why individual keys were ignored
};
// Reads {"keys":[...]}; keys without kid, with private members or weak keys are skipped.
std::optional<JwksParse> parse_jwks(std::string_view document);

class JwksStore {
 public:
  // `ttl_seconds`: age after which a lookup schedules a refresh; `withdrawal_grace_seconds`:
  // how long a key the issuer withdrew still verifies after the fetch that saw it gone.
  JwksStore(JwksFetcher fetcher, Clock clock, std::int64_t ttl_seconds,
            std::int64_t min_refresh_interval_seconds, std::int64_t withdrawal_grace_seconds = 0);

  struct Lookup {
    std::shared_ptr<const PublicJwk> key;  // null when the kid is unknown
    bool any_keys = false;                 // false when no key set could be loaded at all
  };
  // Thread-safe; never fetches and never waits for a fetch. When the kid is unknown or the
  // set is older than the TTL, schedules a refresh, unless one is already scheduled or the
  // last fetch attempt is less than the minimum interval ago.
  Lookup find(const std::string& kid);

  // Fetches now, regardless of the rate limit, one fetch at a time; this carries out a
  // scheduled refresh. A keys_unavailable failure if the fetch or the document is no good.
  // `stop` aborts a fetch in flight.
  Status refresh(std::stop_token stop = {});

  // For the refresher: waits until a refresh is scheduled (true), or `deadline` passes or
  // `stop` is requested (false).
  bool wait_for_scheduled_refresh(std::stop_token stop,
                                  std::chrono::steady_clock::time_point deadline);

  bool loaded() const;  // a key set was fetched successfully at least once
  std::size_t key_count() const;
  std::uint64_t scheduled_refreshes() const;  // how many refreshes find() has scheduled

 private:
  struct Entry {
    std::shared_ptr<const PublicJwk> key;
    std::optional<std::int64_t> withdrawn_until;  // set once a fetched set lacks the key
  };
  void schedule_refresh();

  JwksFetcher fetcher_;
  Clock clock_;
  std::int64_t ttl_seconds_;
  std::int64_t min_refresh_interval_seconds_;
  std::int64_t withdrawal_grace_seconds_;

  std::mutex fetch_mutex_;  // one fetch at a time; find() never takes it
  mutable std::shared_mutex keys_mutex_;
  std::map<std::string, Entry, std::less<>> keys_;
  std::int64_t loaded_at_ = 0;  // last successful fetch
  bool loaded_ = false;

  mutable std::mutex schedule_mutex_;  // held briefly, never during a fetch
  std::condition_variable_any scheduled_;
  std::optional<std::int64_t> last_attempt_;
  bool refresh_scheduled_ = false;
  std::uint64_t scheduled_refreshes_ = 0;
};

}  // namespace gateway::auth
