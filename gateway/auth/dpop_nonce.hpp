// Server-issued DPoP nonces (RFC 9449 §8): stateless values derived from a secret and the
// current time window, so any thread (and, with a shared secret, any replica) can issue and
// check them. A nonce is accepted in its own window and the next one, so rotation never
// cuts off a client in the middle of a request.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gateway::auth {

class DpopNonces {
 public:
  // `secret` empty: a random per-process secret (one replica, or sticky clients).
  DpopNonces(std::int64_t rotation_seconds, std::string_view secret);

  enum class Check { current, previous, invalid };
  std::string current(std::int64_t now) const;
  Check check(std::string_view nonce, std::int64_t now) const;

 private:
  std::string for_window(std::int64_t window) const;
  std::int64_t window_of(std::int64_t now) const;

  std::int64_t rotation_seconds_;
  std::array<unsigned char, 32> key_{};
};

}  // namespace gateway::auth
