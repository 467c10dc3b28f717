// gzip content coding for responses (zlib).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gateway::http {

// True when an Accept-Encoding value admits gzip (q > 0).
bool accepts_gzip(std::string_view accept_encoding);
// The gzip member for `data`; nullopt if zlib fails.
std::optional<std::string> gzip_compress(std::string_view data);

}  // namespace gateway::http
