// The DPoP htu comparison form of an http(s) URL (RFC 9449 §4.3, RFC 3986 §6.2.2-6.2.3):
// lower-case scheme and host, default port removed, query and fragment dropped, percent
// escapes normalised.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gateway::auth {

// nullopt unless `url` is an absolute http or https URL with a host.
std::optional<std::string> normalize_htu(std::string_view url);

// The URL a client must have called: the public base URL (scheme, host, optional path
// prefix) joined with the request-target's path. nullopt if either part is malformed.
std::optional<std::string> expected_htu(std::string_view public_base_url,
                                        std::string_view request_target);

}  // namespace gateway::auth
