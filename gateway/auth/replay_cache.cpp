// The in-memory DPoP replay cache.
#include "auth/replay_cache.hpp"

#include <algorithm>
#include <functional>

namespace gateway::auth {
namespace {
constexpr std::size_t kShards = 16;
}

InMemoryReplayCache::InMemoryReplayCache(std::size_t max_entries)
    : max_per_shard_(std::max<std::size_t>(1, max_entries / kShards)), shards_(kShards) {}

ReplayCache::Insert InMemoryReplayCache::insert(std::string_view key, std::int64_t expires_at,
                                                std::int64_t now) {
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  if (now >= shard.next_purge || shard.expiry.size() >= max_per_shard_) {
    std::erase_if(shard.expiry, [now](const auto& entry) { return entry.second <= now; });
    shard.next_purge = now + 1;
  }
  const auto it = shard.expiry.find(std::string(key));
  if (it != shard.expiry.end() && it->second > now) return Insert::replay;
  if (it == shard.expiry.end() && shard.expiry.size() >= max_per_shard_) return Insert::full;
  shard.expiry[std::string(key)] = expires_at;
  return Insert::fresh;
}

}  // namespace gateway::auth
