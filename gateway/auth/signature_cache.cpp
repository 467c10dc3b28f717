// The bounded cache of verified access tokens.
#include "auth/signature_cache.hpp"

#include <algorithm>

namespace gateway::auth {

SignatureCache::SignatureCache(std::size_t max_entries) : max_entries_(max_entries) {}

std::shared_ptr<const VerifiedToken> SignatureCache::find(std::string_view token_sha256,
                                                          std::int64_t now) {
  if (max_entries_ == 0) return nullptr;
  const std::string key(token_sha256);
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.valid_until <= now) return nullptr;
  return it->second.verified;
}

void SignatureCache::store(std::string_view token_sha256,
                           std::shared_ptr<const VerifiedToken> verified, std::int64_t valid_until,
                           std::int64_t now) {
  if (max_entries_ == 0 || valid_until <= now) return;
  std::string key(token_sha256);
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) {
    std::erase_if(entries_, [now](const auto& entry) { return entry.second.valid_until <= now; });
    std::erase_if(insertion_order_, [&](const std::string& k) { return !entries_.contains(k); });
  }
  while (entries_.size() >= max_entries_ && !insertion_order_.empty()) {
    entries_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  const bool inserted =
      entries_.insert_or_assign(key, Entry{std::move(verified), valid_until}).second;
  if (inserted) insertion_order_.push_back(std::move(key));
}

std::size_t SignatureCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace gateway::auth
