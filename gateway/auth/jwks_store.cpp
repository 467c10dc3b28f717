// JWKS parsing and the key set in force, whose lookups only schedule refreshes.
#include "auth/jwks_store.hpp"

#include "auth/jws.hpp"
#include "base/saturating.hpp"

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
                     std::int64_t min_refresh_interval_seconds,
                     std::int64_t withdrawal_grace_seconds)
    : fetcher_(std::move(fetcher)),
      clock_(std::move(clock)),
      ttl_seconds_(ttl_seconds),
      min_refresh_interval_seconds_(min_refresh_interval_seconds),
      withdrawal_grace_seconds_(withdrawal_grace_seconds) {}

JwksStore::Lookup JwksStore::find(const std::string& kid) {
  Lookup result;
  bool stale = false;
  {
    const std::int64_t now = clock_();
    std::shared_lock lock(keys_mutex_);
    stale = !loaded_ || now >= saturating_add(loaded_at_, ttl_seconds_);
    result.any_keys = !keys_.empty();
    if (const auto it = keys_.find(kid); it != keys_.end()) {
      const auto& withdrawn_until = it->second.withdrawn_until;
      if (!withdrawn_until || now < *withdrawn_until) result.key = it->second.key;
    }
  }
  if (stale || !result.key) schedule_refresh();
  return result;
}

void JwksStore::schedule_refresh() {
  std::lock_guard lock(schedule_mutex_);
  if (refresh_scheduled_) return;
  if (last_attempt_ && clock_() - *last_attempt_ < min_refresh_interval_seconds_) return;
  refresh_scheduled_ = true;
  ++scheduled_refreshes_;
  scheduled_.notify_all();
}

bool JwksStore::wait_for_scheduled_refresh(std::stop_token stop,
                                           std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(schedule_mutex_);
  return scheduled_.wait_until(lock, stop, deadline, [this] { return refresh_scheduled_; });
}

bool JwksStore::loaded() const {
  std::shared_lock lock(keys_mutex_);
  return loaded_;
}

std::size_t JwksStore::key_count() const {
  std::shared_lock lock(keys_mutex_);
  return keys_.size();
}

std::uint64_t JwksStore::scheduled_refreshes() const {
  std::lock_guard lock(schedule_mutex_);
  return scheduled_refreshes_;
}

Status JwksStore::refresh(std::stop_token stop) {
  std::lock_guard fetch_lock(fetch_mutex_);
  const std::int64_t now = clock_();
  {
    std::lock_guard lock(schedule_mutex_);
    last_attempt_ = now;
    refresh_scheduled_ = false;  // this fetch is the scheduled one
  }
  FetchResult fetched = fetcher_(std::move(stop));
  if (!fetched.body) return fail(FailureReason::keys_unavailable, fetched.error);
  auto parsed = parse_jwks(*fetched.body);
  if (!parsed)
    return fail(FailureReason::keys_unavailable, "JWKS document is not {\"keys\":[...]}");
  if (parsed->keys.empty()) return fail(FailureReason::keys_unavailable, "JWKS has no usable keys");

  std::unique_lock lock(keys_mutex_);
  // Keys the new set dropped verify for the grace at most, counted from the first fetch
  // that saw them gone; then they leave. Everything else is exactly the new set.
  for (auto it = keys_.begin(); it != keys_.end();) {
    if (parsed->keys.contains(it->first)) {
      it = keys_.erase(it);
      continue;
    }
    auto& until = it->second.withdrawn_until;
    if (!until) until = saturating_add(now, withdrawal_grace_seconds_);
    it = *until <= now ? keys_.erase(it) : std::next(it);
  }
  for (auto& [kid, key] : parsed->keys) keys_[kid] = Entry{std::move(key), std::nullopt};
  loaded_at_ = now;
  loaded_ = true;
  return {};
}

}  // namespace gateway::auth
