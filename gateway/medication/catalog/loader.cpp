// FEST file -> FestCatalog -> mapped resources -> indexed resources -> Catalog.
#include "medication/catalog/loader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "medication/fest/import.hpp"
#include "medication/idmp/mapping.hpp"
#include "medication/index/indexed_resource.hpp"

namespace gateway::medication {
namespace {

// Maps and serialises each FEST object's resources at once, so that only the serialised bytes
// accumulate. Two threads claim chunks of objects; results stay in FEST order.
std::vector<IndexedResource> map_and_index(const FestMapper& mapper) {
  constexpr std::size_t kChunk = 64;
  const std::size_t chunks = (mapper.size() + kChunk - 1) / kChunk;
  std::vector<std::vector<IndexedResource>> indexed(chunks);
  std::atomic<std::size_t> next_chunk{0};
  auto work = [&] {
    for (std::size_t c = next_chunk++; c < chunks; c = next_chunk++) {
      auto& out = indexed[c];
      const std::size_t end = std::min(mapper.size(), (c + 1) * kChunk);
      for (std::size_t i = c * kChunk; i < end; ++i) {
        mapper.map(i, [&](MappedResource r) { out.push_back(index_resource(std::move(r))); });
      }
    }
  };
  std::thread helper(work);
  work();
  helper.join();
  std::vector<IndexedResource> all;
  std::size_t total = 0;
  for (const auto& chunk : indexed) total += chunk.size();
  all.reserve(total);
  for (auto& chunk : indexed) {
    for (auto& r : chunk) all.push_back(std::move(r));
    std::vector<IndexedResource>().swap(chunk);
  }
  return all;
}

}  // namespace

LoadedCatalog build_catalog(FestCatalog fest, CatalogInfo info) {
  LoadedCatalog out;
  if (info.hentet_dato.empty()) info.hentet_dato = fest.hentet_dato;
  std::vector<IndexedResource> indexed;
  {
    const FestCatalog consumed = std::move(fest);  // freed before the indexes are built
    FestMapper mapper(consumed);
    indexed = map_and_index(mapper);
    out.warnings = mapper.take_warnings();
  }
  out.catalog = Catalog::build(std::move(indexed), std::move(info), &out.warnings);
  return out;
}

fhir::Result<LoadedCatalog> load_catalog_from_fest(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fhir::make_error(fhir::ErrorKind::unprocessable, "FEST file not found: " + path);
  }
  ImportResult imported = import_fest_file(path);
  if (auto* error = std::get_if<ImportError>(&imported)) {
    std::string where;
    if (error->line > 0) {
      where =
          " at line " + std::to_string(error->line) + ", column " + std::to_string(error->column);
    }
    if (!error->element.empty()) where += " in <" + error->element + ">";
    return fhir::make_error(fhir::ErrorKind::unprocessable,
                            "FEST import of " + path + " failed" + where + ": " + error->message);
  }
  CatalogInfo info{
      path, {}, static_cast<std::int64_t>(st.st_size), static_cast<std::int64_t>(st.st_mtime)};
  return build_catalog(std::get<FestCatalog>(std::move(imported)), std::move(info));
}

}  // namespace gateway::medication
