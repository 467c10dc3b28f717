// The issuer's signing keys: a JWKS cached with a TTL, refreshed at most once per interval
// when a token names an unknown kid, keeping keys that left the set until their TTL ends.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include "auth/failure.hpp"
#include "auth/jwk.hpp"

namespace gateway::auth {

using Clock = std::function<std::int64_t()>;  // unix seconds

struct FetchResult {
  std::optional<std::string> body;  // the JWKS document on success
  std::string error;                // why not, for the log
};
using JwksFetcher = std::function<FetchResult()>;

struct JwksParse {
  std::map<std::string, std::shared_ptr<const PublicJwk>> keys;  // by kid
  std::vector<std::string> skipped;                              // why individual keys were ignored
};
// Reads {"keys":[...]}; keys without kid, with private members or weak keys are skipped.
std::optional<JwksParse> parse_jwks(std::string_view document);

class JwksStore {
 public:
  JwksStore(JwksFetcher fetcher, Clock clock, std::int64_t ttl_seconds,
            std::int64_t min_refresh_interval_seconds);

  struct Lookup {
    std::shared_ptr<const PublicJwk> key;  // null when the kid is unknown
    bool any_keys = false;                 // false when no key set could be loaded at all
  };
  // Thread-safe. May fetch: when the set is older than the TTL, or the kid is unknown and
  // the last fetch attempt is at least the minimum interval ago.
  Lookup find(const std::string& kid);

  // Fetches now, regardless of the rate limit; a keys_unavailable failure if that fails.
  Status refresh();
  std::size_t key_count() const;

 private:
  struct Entry {
    std::shared_ptr<const PublicJwk> key;
    std::int64_t keep_until = 0;  // last time it was seen in a fetched set + TTL
  };
  // Fetches if the last attempt is at least `min_interval` ago (under refresh_mutex_).
  Status fetch_and_merge(std::int64_t min_interval);

  JwksFetcher fetcher_;
  Clock clock_;
  std::int64_t ttl_seconds_;
  std::int64_t min_refresh_interval_seconds_;

  std::mutex refresh_mutex_;  // one fetch at a time
  mutable std::shared_mutex keys_mutex_;
  std::map<std::string, Entry, std::less<>> keys_;
  std::int64_t loaded_at_ = 0;  // last successful fetch
  bool loaded_ = false;
  std::optional<std::int64_t> last_attempt_;
};

}  // namespace gateway::auth
