// Accept/_format and Content-Type checks.
#include "fhir/content_negotiation.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace gateway::fhir {
namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_json_type(std::string_view media) {
  return media == "application/fhir+json" || media == "application/json" ||
         media == "application/json+fhir" || media == "json" || media == "*/*" ||
         media == "application/*";
}

// True when one media range of an Accept header value admits JSON with q > 0.
bool accept_admits_json(std::string_view accept) {
  while (true) {
    std::size_t comma = accept.find(',');
    std::string_view range = accept.substr(0, comma);
    std::size_t semi = range.find(';');
    const std::string media = lower_trimmed(range.substr(0, semi));
    bool zero_q = false;
    if (semi != std::string_view::npos) {
      std::string params = lower_trimmed(range.substr(semi + 1));
      params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
      std::size_t q = params.find("q=");
      if (q != std::string::npos) {
        std::string_view v = std::string_view(params).substr(q + 2);
        zero_q = v.rfind("0", 0) == 0 && v.find_first_of("123456789") == std::string_view::npos;
      }
    }
    if (is_json_type(media) && !zero_q) return true;
    if (comma == std::string_view::npos) return false;
    accept.remove_prefix(comma + 1);
  }
}

}  // namespace

Status check_acceptable(const Request& request) {
  if (auto format = request.query_param("_format")) {
    const std::string f = lower_trimmed(*format);
    if (f == "json" || f == "application/json" || f == "application/fhir+json" ||
        f == "application/json+fhir") {
      return {};
    }
    return make_error(ErrorKind::not_acceptable,
                      "Only JSON is supported: use _format=json or application/fhir+json",
                      "_format");
  }
  auto accept = request.header("accept");
  if (!accept || accept->empty() || accept_admits_json(*accept)) return {};
  return make_error(ErrorKind::not_acceptable,
                    "Only application/fhir+json (or application/json) responses are available");
}

Status check_content_type(const Request& request, const std::vector<std::string_view>& allowed) {
  if (request.body.empty()) return {};
  auto header = request.header("content-type");
  if (header) {
    const std::string media = lower_trimmed(header->substr(0, header->find(';')));
    for (auto a : allowed) {
      if (media == a) return {};
    }
  }
  return make_error(ErrorKind::unsupported_media_type,
                    "Unsupported Content-Type: send " +
                        std::string(allowed.empty() ? "no body" : allowed.front()));
}

}  // namespace gateway::fhir
