// Ids, preconditions, scoped stores and writes for the records handlers.
#include "records/write_support.hpp"

#include <openssl/rand.h>

#include <array>
#include <charconv>

#include "records/disclosed_store.hpp"
#include "records/scoped_store.hpp"

namespace gateway::records {

std::string new_resource_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");  // the handler's 500: never a weak id
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0f]);
  }
  return id;
}

fhir::Json with_id(const fhir::Json& resource, std::string_view id) {
  fhir::Json out = fhir::Json::object();
  out["resourceType"] = resource.at("resourceType");
  out["id"] = std::string(id);
  for (auto it = resource.begin(); it != resource.end(); ++it) {
    if (it.key() != "resourceType" && it.key() != "id") out[it.key()] = it.value();
  }
  return out;
}

fhir::Result<std::int64_t> parse_if_match(std::string_view value) {
  std::string_view v = value;
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  std::int64_t version = 0;
  if (v.size() >= 3 && v.front() == '"' && v.back() == '"') {
    const std::string_view digits = v.substr(1, v.size() - 2);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec == std::errc{} && end == digits.data() + digits.size() && version >= 1) return version;
  }
  return fhir::make_error(fhir::ErrorKind::invalid_request,
                          "If-Match must be a version ETag such as W/\"3\"", "If-Match");
}

fhir::Result<std::unique_ptr<storage::ResourceStore>> request_store(const RecordsContext& records,
                                                                    const fhir::Request& request) {
  if (!request.context.compartments) {
    return fhir::make_error(fhir::ErrorKind::forbidden,
                            "No patient compartment is granted for this request", "",
                            "records: the pipeline decided no compartment scope");
  }
  return disclosed_store(scoped_store(records.store, *request.context.compartments),
                         request.context.disclosure);
}

fhir::Result<storage::ResourceWrite> make_write(const RecordsContext& records,
                                                std::string_view type, fhir::Json resource,
                                                std::optional<std::int64_t> expected_version) {
  return make_write(records.search, type, std::move(resource), expected_version);
}

fhir::Result<storage::ResourceWrite> make_write(const SearchSupport& search, std::string_view type,
                                                fhir::Json resource,
                                                std::optional<std::int64_t> expected_version) {
  auto index = search.index(type, resource);
  if (!index) return std::move(index).take_error();
  storage::ResourceWrite write;
  write.type = std::string(type);
  write.id = resource.at("id").get<std::string>();
  write.resource = std::move(resource);
  write.expected_version = expected_version;
  write.index = std::move(*index);
  return write;
}

}  // namespace gateway::records
