// Beast request -> fhir::Request.
#include "http/message_conversion.hpp"

#include <algorithm>
#include <cctype>

namespace gateway::http::detail {

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
  });
}

std::optional<fhir::Request> to_fhir_request(BeastRequest&& in) {
  fhir::Request out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  if (out.target.empty() || out.target.front() != '/') return std::nullopt;
  const std::size_t q = out.target.find('?');
  const std::string_view raw_path = std::string_view(out.target).substr(0, q);
  auto path = fhir::decode_path(raw_path);
  if (!path) return std::nullopt;
  out.path = std::move(*path);
  if (q != std::string::npos) {
    std::string_view query = std::string_view(out.target).substr(q + 1);
    const std::size_t hash = query.find('#');
    auto params = fhir::parse_query(query.substr(0, hash));
    if (!params) return std::nullopt;
    out.query = std::move(*params);
  }
  out.headers.reserve(16);
  for (const auto& field : in) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.headers.push_back(fhir::Header{std::move(name), std::string(field.value())});
  }
  out.body = std::move(in.body());
  return out;
}

}  // namespace gateway::http::detail
