// The in-memory DPoP replay cache: keyed digests in fixed-size open-addressing tables.
#include "auth/replay_cache.hpp"

#include <cstring>
#include <stdexcept>

#include <openssl/rand.h>

#include "auth/base64url.hpp"

namespace gateway::auth {
namespace {

constexpr std::size_t kShards = 16;

std::uint64_t load64(const unsigned char* bytes) {
  std::uint64_t value = 0;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

bool same(const auto& a, const auto& b) { return a.hi == b.hi && a.lo == b.lo; }
bool empty(const auto& slot) { return slot.hi == 0 && slot.lo == 0; }
std::size_t next_slot(std::size_t slot, std::size_t size) {
  return slot + 1 == size ? 0 : slot + 1;
}
// How far `to` lies after `from` going round a table of `size` slots.
std::size_t distance(std::size_t from, std::size_t to, std::size_t size) {
  return to >= from ? to - from : to + size - from;
}

}  // namespace

InMemoryReplayCache::InMemoryReplayCache(std::size_t max_entries)
    : per_shard_(std::max<std::size_t>(1, (max_entries + kShards - 1) / kShards)),
      shards_(kShards) {
  if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1) {
    throw std::runtime_error("no randomness for the replay cache key");  // at start-up only
  }
  for (Shard& shard : shards_) {
    shard.table.resize(2 * per_shard_);
    shard.ring.resize(per_shard_);
  }
}

InMemoryReplayCache::Entry InMemoryReplayCache::digest(std::string_view jkt,
                                                       std::string_view jti) const {
  // SHA-256 over key || len(jkt) || jkt || jti: the secret prefix makes it a keyed hash, the
  // length keeps (jkt, jti) pairs apart.
  std::string input(reinterpret_cast<const char*>(key_.data()), key_.size());
  input.reserve(key_.size() + 8 + jkt.size() + jti.size());
  const std::uint64_t jkt_size = jkt.size();
  input.append(reinterpret_cast<const char*>(&jkt_size), sizeof jkt_size);
  input.append(jkt);
  input.append(jti);
  const std::string hash = sha256(input);
  const auto* bytes = reinterpret_cast<const unsigned char*>(hash.data());
  Entry entry{load64(bytes), load64(bytes + 8), 0};
  if (entry.hi == 0 && entry.lo == 0) entry.lo = 1;  // the empty-slot marker is never a digest
  return entry;
}

std::size_t InMemoryReplayCache::find(const Shard& shard, const Entry& key) {
  const std::size_t size = shard.table.size();
  for (std::size_t slot = key.hi % size;; slot = next_slot(slot, size)) {
    const Entry& here = shard.table[slot];
    if (empty(here)) return size;
    if (same(here, key)) return slot;
  }
}

// Backward-shift deletion: no tombstones, so probe sequences stay short.
void InMemoryReplayCache::erase(Shard& shard, std::size_t slot) {
  const std::size_t size = shard.table.size();
  std::size_t hole = slot;
  for (std::size_t next = next_slot(hole, size);; next = next_slot(next, size)) {
    const Entry& candidate = shard.table[next];
    if (empty(candidate)) break;
    // The candidate may move into the hole unless its home lies cyclically in (hole, next].
    const std::size_t home = candidate.hi % size;
    if (distance(home, next, size) >= distance(hole, next, size)) {
      shard.table[hole] = candidate;
      hole = next;
    }
  }
  shard.table[hole] = Entry{};
  --shard.live;
}

void InMemoryReplayCache::expire(Shard& shard, std::int64_t now) {
  while (shard.count > 0) {
    const Entry& oldest = shard.ring[shard.head];
    if (oldest.expires_at > now) break;
    const std::size_t slot = find(shard, oldest);
    // The table holds a later expiry when the same digest was recorded again after expiring.
    if (slot != shard.table.size() && shard.table[slot].expires_at == oldest.expires_at) {
      erase(shard, slot);
    }
    shard.head = (shard.head + 1) % shard.ring.size();
    --shard.count;
  }
}

ReplayCache::Insert InMemoryReplayCache::insert(std::string_view jkt, std::string_view jti,
                                                std::int64_t expires_at, std::int64_t now) {
  Entry entry = digest(jkt, jti);
  entry.expires_at = expires_at;
  Shard& shard = shards_[shard_of(entry)];
  std::lock_guard lock(shard.mutex);
  expire(shard, now);
  const std::size_t slot = find(shard, entry);
  if (slot != shard.table.size() && shard.table[slot].expires_at > now) return Insert::replay;
  if (shard.count == shard.ring.size()) return Insert::full;
  if (slot != shard.table.size()) {
    shard.table[slot].expires_at = expires_at;  // expired but not yet at the ring's front
  } else {
    const std::size_t size = shard.table.size();
    std::size_t free = entry.hi % size;
    while (!empty(shard.table[free])) free = next_slot(free, size);
    shard.table[free] = entry;
    ++shard.live;
  }
  shard.ring[(shard.head + shard.count) % shard.ring.size()] = entry;
  ++shard.count;
  return Insert::fresh;
}

std::size_t InMemoryReplayCache::shard_of(const Entry& entry) const {
  return entry.lo % shards_.size();
}

std::size_t InMemoryReplayCache::shard_of(std::string_view jkt, std::string_view jti) const {
  return shard_of(digest(jkt, jti));
}

std::size_t InMemoryReplayCache::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.live;
  }
  return total;
}

std::size_t InMemoryReplayCache::allocated_bytes() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    total += (shard.table.capacity() + shard.ring.capacity()) * sizeof(Entry);
  }
  return total;
}

}  // namespace gateway::auth
