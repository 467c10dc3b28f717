// JWKS parsing and the rate-limited, rotation-tolerant key cache.
#include "auth/jwks_store.hpp"

#include "auth/jws.hpp"

namespace gateway::auth {

std::optional<JwksParse> parse_jwks(std::string_view document) {
  const auto json = parse_json_object(document);
  if (!json) return std::nullopt;
  const auto keys = json->find("keys");
  if (keys == json->end() || !keys->is_array()) return std::nullopt;
  JwksParse out;
  for (const auto& member : *keys) {
    JwkImport imported = import_public_jwk(member);
    if (!imported.jwk) {
      out.skipped.push_back(imported.detail);
      continue;
    }
    if (imported.jwk->kid.empty()) {
      out.skipped.push_back("key without kid");
      continue;
    }
    const std::string kid = imported.jwk->kid;
    out.keys[kid] = std::make_shared<const PublicJwk>(std::move(*imported.jwk));
  }
  return out;
}

JwksStore::JwksStore(JwksFetcher fetcher, Clock clock, std::int64_t ttl_seconds,
                     std::int64_t min_refresh_interval_seconds)
    : fetcher_(std::move(fetcher)),
      clock_(std::move(clock)),
      ttl_seconds_(ttl_seconds),
      min_refresh_interval_seconds_(min_refresh_interval_seconds) {}

JwksStore::Lookup JwksStore::find(const std::string& kid) {
  const auto look = [&](bool* stale) {
    std::shared_lock lock(keys_mutex_);
    if (stale) *stale = !loaded_ || clock_() >= loaded_at_ + ttl_seconds_;
    Lookup result;
    result.any_keys = !keys_.empty();
    const auto it = keys_.find(kid);
    if (it != keys_.end()) result.key = it->second.key;
    return result;
  };
  bool stale = false;
  Lookup found = look(&stale);
  if (stale || !found.key) {
    (void)fetch_and_merge(min_refresh_interval_seconds_);
    found = look(nullptr);
  }
  return found;
}

Status JwksStore::refresh() { return fetch_and_merge(0); }

std::size_t JwksStore::key_count() const {
  std::shared_lock lock(keys_mutex_);
  return keys_.size();
}

Status JwksStore::fetch_and_merge(std::int64_t min_interval) {
  std::lock_guard refresh_lock(refresh_mutex_);
  const std::int64_t now = clock_();
  if (last_attempt_ && min_interval > 0 && now - *last_attempt_ < min_interval) {
    return fail(FailureReason::keys_unavailable, "rate limited");
  }
  last_attempt_ = now;
  FetchResult fetched = fetcher_();
  if (!fetched.body) return fail(FailureReason::keys_unavailable, fetched.error);
  auto parsed = parse_jwks(*fetched.body);
  if (!parsed)
    return fail(FailureReason::keys_unavailable, "JWKS document is not {\"keys\":[...]}");
  if (parsed->keys.empty()) return fail(FailureReason::keys_unavailable, "JWKS has no usable keys");

  std::unique_lock lock(keys_mutex_);
  for (auto it = keys_.begin(); it != keys_.end();) {
    it = (it->second.keep_until <= now && !parsed->keys.contains(it->first)) ? keys_.erase(it)
                                                                             : std::next(it);
  }
  for (auto& [kid, key] : parsed->keys) keys_[kid] = Entry{std::move(key), now + ttl_seconds_};
  loaded_at_ = now;
  loaded_ = true;
  return {};
}

}  // namespace gateway::auth
