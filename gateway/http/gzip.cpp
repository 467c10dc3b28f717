// gzip compression with zlib and Accept-Encoding parsing.
#include "http/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace gateway::http {

bool accepts_gzip(std::string_view accept_encoding) {
  std::string lower(accept_encoding);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  lower.erase(std::remove(lower.begin(), lower.end(), ' '), lower.end());
  std::string_view rest = lower;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    const std::size_t semi = item.find(';');
    const std::string_view coding = item.substr(0, semi);
    if (coding == "gzip" || coding == "*") {
      if (semi == std::string_view::npos) return true;
      const std::string_view params = item.substr(semi + 1);
      const bool zero = params == "q=0" || params == "q=0." || params == "q=0.0" ||
                        params == "q=0.00" || params == "q=0.000";
      if (!zero) return true;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace gateway::http
