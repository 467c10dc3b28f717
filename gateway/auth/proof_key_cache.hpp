// DPoP client keys already checked, imported into OpenSSL and prepared for their algorithm,
// by algorithm and RFC 7638 canonical members, with their thumbprint: a client that keeps its
// key pays for the hash, the import and the context set-up once. Only keys bound to a valid access
// token are stored (the caller compares the thumbprint with cnf.jkt before importing). Bounded
// (oldest evicted first); thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/signature_verifier.hpp"

namespace gateway::auth {

struct CachedProofKey {
  std::string thumbprint;  // base64url SHA-256 of the canonical members
  std::shared_ptr<const SignatureVerifier> verifier;
};

class ProofKeyCache {
 public:
  explicit ProofKeyCache(std::size_t max_entries);
  // `id`: the algorithm name and the canonical members, e.g. "ES256{...}".
  std::optional<CachedProofKey> find(const std::string& id) const;
  void store(const std::string& id, CachedProofKey key);
  std::size_t size() const;

 private:
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, CachedProofKey> keys_;
  std::deque<std::string> insertion_order_;
};

}  // namespace gateway::auth
