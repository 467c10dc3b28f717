// Saturating arithmetic on 64-bit signed seconds: time comparisons with values taken from
// tokens (exp, nbf, iat) must never overflow, whatever the token says.
#pragma once

#include <cstdint>
#include <limits>

namespace gateway {

// a + b, clamped to the range of std::int64_t instead of overflowing.
[[nodiscard]] constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<std::int64_t>::max()
               : std::numeric_limits<std::int64_t>::min();
}

// a - b, clamped to the range of std::int64_t instead of overflowing.
[[nodiscard]] constexpr std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
  std::int64_t difference = 0;
  if (!__builtin_sub_overflow(a, b, &difference)) return difference;
  return b < 0 ? std::numeric_limits<std::int64_t>::max()
               : std::numeric_limits<std::int64_t>::min();
}

}  // namespace gateway
