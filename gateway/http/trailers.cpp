// Telling trailer fields from header fields by the parser's own elements: Beast keeps
// fields of the same name together, so a trailer field may sit in the middle of the list
// and only its identity, not its position, says where it came from.
#include "http/trailers.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <array>

namespace gateway::http::detail {

namespace bhttp = boost::beast::http;

bool header_section_only(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "authorization", "proxy-authorization", "cookie",      "dpop",
      "host",          "transfer-encoding",   "x-request-id"};
  static constexpr std::string_view kContent = "content-";
  if (name.size() >= kContent.size() &&
      boost::beast::iequals(name.substr(0, kContent.size()), kContent)) {
    return true;
  }
  return std::any_of(kNames.begin(), kNames.end(),
                     [name](std::string_view known) { return boost::beast::iequals(name, known); });
}

void TrailerFilter::note_header_section(const bhttp::fields& fields) {
  header_section_.clear();
  for (const auto& field : fields) header_section_.push_back(&field);
  std::sort(header_section_.begin(), header_section_.end());
  noted_ = true;
}

bool TrailerFilter::in_header_section(const void* element) const {
  return std::binary_search(header_section_.begin(), header_section_.end(), element);
}

Result<void, std::string> TrailerFilter::remove_trailers(bhttp::fields& fields) {
  if (!noted_) return {};
  for (const auto& field : fields) {
    if (!in_header_section(&field) && header_section_only(field.name_string())) {
      return std::string(field.name_string());
    }
  }
  for (auto it = fields.begin(); it != fields.end();) {
    it = in_header_section(&*it) ? std::next(it) : fields.erase(it);
  }
  return {};
}

void TrailerFilter::clear() {
  header_section_.clear();
  noted_ = false;
}

}  // namespace gateway::http::detail
