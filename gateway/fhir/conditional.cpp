// Conditional read evaluation and HTTP date handling.
#include "fhir/conditional.hpp"

#include <iomanip>
#include <locale>
#include <sstream>

namespace gateway::fhir {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view strip_weak(std::string_view tag) {
  tag = trim(tag);
  if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

// RFC 9110 weak comparison against a comma-separated If-None-Match list.
bool etag_matches(std::string_view list, std::string_view etag) {
  if (trim(list) == "*") return true;
  const std::string_view ours = strip_weak(etag);
  while (true) {
    std::size_t comma = list.find(',');
    if (strip_weak(list.substr(0, comma)) == ours) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

std::string format_http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::put_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  return out.str();
}

std::optional<std::time_t> parse_http_date(std::string_view s) {
  std::tm tm{};
  std::istringstream in{std::string(s)};
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail()) return std::nullopt;
  return timegm(&tm);
}

std::string weak_etag(std::string_view version_id) {
  std::string tag = "W/\"";
  tag += version_id;
  tag += '"';
  return tag;
}

std::optional<Response> not_modified(const Request& request, const Response& response) {
  if (response.status != 200 || (request.method != "GET" && request.method != "HEAD")) {
    return std::nullopt;
  }
  const auto etag = response.header("etag");
  const auto last_modified = response.header("last-modified");
  bool match = false;
  if (auto inm = request.header("if-none-match")) {
    match = etag && etag_matches(*inm, *etag);
  } else if (auto ims = request.header("if-modified-since"); ims && last_modified) {
    auto since = parse_http_date(*ims);
    auto modified = parse_http_date(*last_modified);
    match = since && modified && *modified <= *since;
  }
  if (!match) return std::nullopt;
  Response r;
  r.status = 304;
  if (etag) r.set_header("etag", std::string(*etag));
  if (last_modified) r.set_header("last-modified", std::string(*last_modified));
  return r;
}

}  // namespace gateway::fhir
