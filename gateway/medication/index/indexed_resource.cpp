// Serialisation and content versioning of one mapped resource.
#include "medication/index/indexed_resource.hpp"

#include "medication/index/fhir_id.hpp"

namespace gateway::medication {

IndexedResource index_resource(MappedResource mapped) {
  IndexedResource out;
  out.type = mapped.type;
  out.id = std::move(mapped.id);
  out.last_updated = std::move(mapped.last_updated);
  out.last_updated_epoch = mapped.last_updated_epoch;
  out.keys = extract_search_keys(out.type, mapped.resource);
  // Serialise once with an empty versionId, hash, then splice the version into the bytes.
  std::string bytes = mapped.resource.dump(-1, ' ', false, fhir::Json::error_handler_t::replace);
  out.version_id = hex64(stable_hash(bytes)).substr(0, 16);
  static constexpr std::string_view kPlaceholder = "\"versionId\":\"\"";
  const std::size_t at = bytes.find(kPlaceholder);
  if (at != std::string::npos) bytes.insert(at + kPlaceholder.size() - 1, out.version_id);
  out.json = std::make_shared<const std::string>(std::move(bytes));
  return out;
}

}  // namespace gateway::medication
