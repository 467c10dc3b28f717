// The bounded cache of imported DPoP client keys.
#include "auth/proof_key_cache.hpp"

namespace gateway::auth {

ProofKeyCache::ProofKeyCache(std::size_t max_entries) : max_entries_(max_entries) {}

SharedPkey ProofKeyCache::find(const std::string& thumbprint) const {
  std::lock_guard lock(mutex_);
  const auto it = keys_.find(thumbprint);
  return it == keys_.end() ? nullptr : it->second;
}

void ProofKeyCache::store(const std::string& thumbprint, SharedPkey key) {
  if (max_entries_ == 0) return;
  std::lock_guard lock(mutex_);
  if (keys_.contains(thumbprint)) return;
  while (keys_.size() >= max_entries_ && !insertion_order_.empty()) {
    keys_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  keys_.emplace(thumbprint, std::move(key));
  insertion_order_.push_back(thumbprint);
}

}  // namespace gateway::auth
