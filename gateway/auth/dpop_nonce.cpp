// DPoP nonces as truncated keyed SHA-256 of the time window.
#include "auth/dpop_nonce.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <openssl/rand.h>

#include "auth/base64url.hpp"

namespace gateway::auth {

DpopNonces::DpopNonces(std::int64_t rotation_seconds, std::string_view secret)
    : rotation_seconds_(std::max<std::int64_t>(1, rotation_seconds)) {
  if (!secret.empty()) {
    const std::string digest = sha256(secret);
    std::memcpy(key_.data(), digest.data(), key_.size());
  } else if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1) {
    throw std::runtime_error("no randomness for the DPoP nonce secret");  // at start-up only
  }
}

std::int64_t DpopNonces::window_of(std::int64_t now) const {
  return now >= 0 ? now / rotation_seconds_ : -1;
}

std::string DpopNonces::for_window(std::int64_t window) const {
  std::string input(reinterpret_cast<const char*>(key_.data()), key_.size());
  input.append(reinterpret_cast<const char*>(&window), sizeof window);
  return base64url_encode(sha256(input).substr(0, 16));
}

std::string DpopNonces::current(std::int64_t now) const { return for_window(window_of(now)); }

DpopNonces::Check DpopNonces::check(std::string_view nonce, std::int64_t now) const {
  const std::int64_t window = window_of(now);
  if (constant_time_equal(nonce, for_window(window))) return Check::current;
  if (constant_time_equal(nonce, for_window(window - 1))) return Check::previous;
  return Check::invalid;
}

}  // namespace gateway::auth
