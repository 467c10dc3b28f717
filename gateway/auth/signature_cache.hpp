// Verified access tokens by SHA-256 of the token text, kept until the token expires, so a
// client that reuses its token pays for the RSA verification once. The caller hashes the token
// (the same digest gives the DPoP ath). Bounded; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/access_token.hpp"

namespace gateway::auth {

class SignatureCache {
 public:
  explicit SignatureCache(std::size_t max_entries);

  // The verified token whose text has this raw SHA-256, unless absent or past `now`.
  std::shared_ptr<const VerifiedToken> find(std::string_view token_sha256, std::int64_t now);
  // Stores until `valid_until`; evicts expired entries, then the oldest, when full.
  void store(std::string_view token_sha256, std::shared_ptr<const VerifiedToken> verified,
             std::int64_t valid_until, std::int64_t now);
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const VerifiedToken> verified;
    std::int64_t valid_until = 0;
  };
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // key: raw SHA-256 of the token
  std::deque<std::string> insertion_order_;
};

}  // namespace gateway::auth
