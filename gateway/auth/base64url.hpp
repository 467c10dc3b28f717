// Strict base64url (RFC 4648 §5, no padding) and the SHA-256 helpers that JOSE needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gateway::auth {

std::string base64url_encode(std::string_view bytes);
// Rejects padding, characters outside [A-Za-z0-9_-], impossible lengths and non-zero
// trailing bits, so every encoded value has exactly one accepted spelling.
std::optional<std::string> base64url_decode(std::string_view text);

std::string sha256(std::string_view bytes);  // 32 raw bytes
std::string sha256_base64url(std::string_view bytes);
// Constant-time equality for secrets and bindings (ath, jkt); length is not secret.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace gateway::auth
