// DPoP proof headers that passed every header check, by their exact base64url text, with the
// key they carry (imported into OpenSSL and prepared for the header's alg) and its
// thumbprint: a client that keeps its key pays for parsing, hashing, import and context
// set-up once. Only headers whose key is bound to a valid access token and has signed a proof
// are stored. Bounded (oldest evicted first); thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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
  // `id`: the header segment of the proof, as sent.
  std::optional<CachedProofKey> find(std::string_view id) const;
  void store(const std::string& id, CachedProofKey key);
  std::size_t size() const;

 private:
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  // Transparent hashing: a lookup by the proof's header text copies nothing.
  struct Hash {
    using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard name
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, CachedProofKey, Hash, std::equal_to<>> keys_;
  std::deque<std::string> insertion_order_;
};

}  // namespace gateway::auth
