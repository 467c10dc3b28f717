// DPoP client keys already imported into OpenSSL, by RFC 7638 thumbprint, so a client that
// keeps its key pays for the import once. Equal thumbprints mean equal key members, so a
// hit is the same key. Bounded (oldest evicted first); thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/openssl_handles.hpp"

namespace gateway::auth {

class ProofKeyCache {
 public:
  explicit ProofKeyCache(std::size_t max_entries);
  SharedPkey find(const std::string& thumbprint) const;
  void store(const std::string& thumbprint, SharedPkey key);

 private:
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, SharedPkey> keys_;
  std::deque<std::string> insertion_order_;
};

}  // namespace gateway::auth
