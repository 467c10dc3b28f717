// Strict base64url (RFC 4648 §5, no padding): JOSE segments, paging cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gateway::ops {

std::string base64url_encode(std::string_view bytes);
// Rejects padding, characters outside [A-Za-z0-9_-], impossible lengths and non-zero
// trailing bits, so every encoded value has exactly one accepted spelling.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace gateway::ops
