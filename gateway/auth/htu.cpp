// URL normalisation for DPoP htu checks.
#include "auth/htu.hpp"

#include <algorithm>
#include <cctype>

namespace gateway::auth {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// Decodes escapes of unreserved characters and upper-cases the hex of the others.
std::optional<std::string> normalize_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= path.size()) return std::nullopt;
    const int hi = hex_value(path[i + 1]);
    const int lo = hex_value(path[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    const char decoded = static_cast<char>(hi * 16 + lo);
    if (is_unreserved(decoded)) {
      out.push_back(decoded);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += {'%', kHex[hi], kHex[lo]};
    }
    i += 2;
  }
  return out;
}

std::string_view without_query_and_fragment(std::string_view text) {
  return text.substr(0, std::min(text.find('?'), text.find('#')));
}

}  // namespace

std::optional<std::string> normalize_htu(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string scheme(url.substr(0, scheme_end));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), lower);
  if (scheme != "http" && scheme != "https") return std::nullopt;

  const std::string_view rest = without_query_and_fragment(url.substr(scheme_end + 3));
  const std::size_t path_start = rest.find('/');
  const std::string_view authority = rest.substr(0, path_start);
  const std::string_view path =
      path_start == std::string_view::npos ? std::string_view("/") : rest.substr(path_start);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string host(authority);
  std::string port;
  const std::size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    port = host.substr(colon + 1);
    host.erase(colon);
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
  }
  if (host.empty()) return std::nullopt;
  std::transform(host.begin(), host.end(), host.begin(), lower);
  if ((scheme == "https" && port == "443") || (scheme == "http" && port == "80")) port.clear();

  const auto normalized_path = normalize_path(path);
  if (!normalized_path) return std::nullopt;
  std::string out = scheme + "://" + host;
  if (!port.empty()) out += ":" + port;
  out += *normalized_path;
  return out;
}

std::optional<std::string> expected_htu(std::string_view public_base_url,
                                        std::string_view request_target) {
  std::string_view base = public_base_url;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  const std::string_view path = without_query_and_fragment(request_target);
  if (path.empty() || path.front() != '/') return std::nullopt;
  return normalize_htu(std::string(base) + std::string(path));
}

}  // namespace gateway::auth
