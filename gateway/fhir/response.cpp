// Response construction helpers.
#include "fhir/response.hpp"

namespace gateway::fhir {

void Response::set_header(std::string name, std::string value) {
  for (auto& h : headers) {
    if (h.name == name) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back(Header{std::move(name), std::move(value)});
}

std::optional<std::string_view> Response::header(std::string_view lower_name) const {
  for (const auto& h : headers) {
    if (h.name == lower_name) return std::string_view(h.value);
  }
  return std::nullopt;
}

Response make_response(int status, std::string body, std::string_view content_type) {
  return make_shared_response(status, std::make_shared<const std::string>(std::move(body)),
                              content_type);
}

Response make_shared_response(int status, std::shared_ptr<const std::string> body,
                              std::string_view content_type) {
  Response r;
  r.status = status;
  r.content_type = std::string(content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace gateway::fhir
