// Single use of DPoP proofs: a set of seen proof ids, each kept until it could no longer
// be accepted. Abstract so that a store shared by all replicas can implement it later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gateway::auth {

class ReplayCache {
 public:
  enum class Insert { fresh, replay, full };
  virtual ~ReplayCache() = default;
  // Records `key` until `expires_at` (unix seconds); `replay` if it is already recorded.
  virtual Insert insert(std::string_view key, std::int64_t expires_at, std::int64_t now) = 0;
};

// Per-process replay cache: sharded hash maps, expired entries purged on the way, bounded.
class InMemoryReplayCache final : public ReplayCache {
 public:
  explicit InMemoryReplayCache(std::size_t max_entries);
  Insert insert(std::string_view key, std::int64_t expires_at, std::int64_t now) override;

 private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, std::int64_t> expiry;
    std::int64_t next_purge = 0;
  };
  std::size_t max_per_shard_;
  std::vector<Shard> shards_;
};

}  // namespace gateway::auth
