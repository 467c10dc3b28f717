// FEST file -> FestCatalog -> mapped resources -> indexed resources -> Catalog.
#include "medication/catalog_loader.hpp"

#include <sys/stat.h>

#include <thread>

#include "gateway/medication/fest_import.hpp"
#include "medication/idmp_mapping.hpp"
#include "medication/indexed_resource.hpp"

namespace gateway::medication {
namespace {

// Serialising is the costly part of indexing: split it over two threads.
std::vector<IndexedResource> index_all(std::vector<MappedResource> mapped) {
  std::vector<IndexedResource> out(mapped.size());
  const std::size_t half = mapped.size() / 2;
  auto work = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) out[i] = index_resource(std::move(mapped[i]));
  };
  std::thread helper(work, half, mapped.size());
  work(0, half);
  helper.join();
  return out;
}

}  // namespace

LoadedCatalog build_catalog(const FestCatalog& fest, CatalogInfo info) {
  MappingResult mapped = map_fest_catalog(fest);
  LoadedCatalog out;
  out.warnings = std::move(mapped.warnings);
  if (info.hentet_dato.empty()) info.hentet_dato = fest.hentet_dato;
  out.catalog =
      Catalog::build(index_all(std::move(mapped.resources)), std::move(info), &out.warnings);
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
  return build_catalog(std::get<FestCatalog>(imported), std::move(info));
}

}  // namespace gateway::medication
