// Single use of DPoP proofs: the set of (proof key, jti) pairs seen, each kept until its
// proof could no longer pass the iat check. Abstract so that a store shared by all replicas
// can implement it later.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace gateway::auth {

class ReplayCache {
 public:
  enum class Insert { fresh, replay, full };
  virtual ~ReplayCache() = default;
  // Records the proof (`jkt`: its key's thumbprint) until `expires_at` (unix seconds);
  // `replay` if it is already recorded and not expired; `full` if there is no room, which
  // callers must treat as a refusal (a proof that cannot be recorded is never accepted).
  virtual Insert insert(std::string_view jkt, std::string_view jti, std::int64_t expires_at,
                        std::int64_t now) = 0;
};

// Per-process replay cache of fixed size. Each entry is a 128-bit digest of (jkt, jti)
// under a per-process random key, so neither the jti's length nor a chosen shard costs
// anything, plus its expiry: kBytesPerEntry bytes per entry, allocated up front, never more.
// Shards are open-addressing tables (at most half full) with a ring of entries in insertion
// order; inserts are O(1) and expired entries leave from the ring's front, never by a scan.
class InMemoryReplayCache final : public ReplayCache {
 public:
  // Two table slots and one ring slot of 24 bytes each per entry.
  static constexpr std::size_t kBytesPerEntry = 72;

  explicit InMemoryReplayCache(std::size_t max_entries);
  Insert insert(std::string_view jkt, std::string_view jti, std::int64_t expires_at,
                std::int64_t now) override;

  std::size_t capacity() const { return per_shard_ * shards_.size(); }
  std::size_t size() const;             // entries recorded, expired ones not yet gone
  std::size_t allocated_bytes() const;  // what the tables and rings hold, in bytes
  std::size_t shard_of(std::string_view jkt, std::string_view jti) const;

 private:
  struct Entry {
    std::uint64_t hi = 0;  // hi == 0 && lo == 0: an empty slot
    std::uint64_t lo = 0;
    std::int64_t expires_at = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::vector<Entry> table;  // two slots per entry, linear probing
    std::vector<Entry> ring;   // insertion order; head .. head + count
    std::size_t head = 0;
    std::size_t count = 0;
    std::size_t live = 0;  // occupied table slots
  };

  Entry digest(std::string_view jkt, std::string_view jti) const;
  std::size_t shard_of(const Entry& entry) const;
  static void expire(Shard& shard, std::int64_t now);
  static std::size_t find(const Shard& shard, const Entry& key);  // slot, or table.size()
  static void erase(Shard& shard, std::size_t slot);

  std::array<unsigned char, 32> key_{};
  std::size_t per_shard_;
  std::vector<Shard> shards_;
};

}  // namespace gateway::auth
