// The bounded cache of imported DPoP client keys.
#include "auth/proof_key_cache.hpp"

namespace gateway::auth {

ProofKeyCache::ProofKeyCache(std::size_t max_entries) : max_entries_(max_entries) {}

std::optional<CachedProofKey> ProofKeyCache::find(std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto it = keys_.find(id);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

void ProofKeyCache::store(const std::string& id, CachedProofKey key) {
  if (max_entries_ == 0) return;
  std::lock_guard lock(mutex_);
  if (keys_.contains(id)) return;
  while (keys_.size() >= max_entries_ && !insertion_order_.empty()) {
    keys_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  keys_.emplace(id, std::move(key));
  insertion_order_.push_back(id);
}

std::size_t ProofKeyCache::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace gateway::auth
