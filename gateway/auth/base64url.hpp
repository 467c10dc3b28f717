// Strict base64url (the ops one, RFC 4648 §5, no padding) and the SHA-256 helpers that JOSE
// needs.
#pragma once

#include <string>
#include <string_view>

#include "ops/base64url.hpp"

namespace gateway::auth {

using ops::base64url_decode;
using ops::base64url_encode;

std::string sha256(std::string_view bytes);  // 32 raw bytes
std::string sha256_base64url(std::string_view bytes);
// Constant-time equality for secrets and bindings (ath, jkt); length is not secret.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace gateway::auth
