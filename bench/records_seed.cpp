// Fills a gateway's store with background patient data for the records benchmark, through
// the storage port with the gateway's own index extraction (so searches over HTTP see the
// same index rows as for resources created over HTTP): COUNT Conditions spread over
// COUNT/100 patients, in transactions of 500.
// Usage: records-seed DEFINITIONS_DIR SQLITE_FILE|postgres://... COUNT [FIRST_NUMBER]
#include <charconv>
#include <iostream>
#include <memory>
#include <string>

#include "records/registry_search_support.hpp"
#include "search/registry.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace {

using namespace gateway;

std::unique_ptr<storage::ResourceStore> open_store(const std::string& where) {
  if (where.starts_with("postgres://") || where.starts_with("postgresql://")) {
    storage::postgres::PostgresStoreOptions options;
    options.url = where;
    auto opened = storage::postgres::PostgresStore::open(options);
    if (opened) return std::move(*opened);
    std::cerr << "records-seed: " << opened.error().message << "\n";
    return nullptr;
  }
  storage::SqliteStoreOptions options;
  options.path = where;
  auto opened = storage::SqliteStore::open(options);
  if (opened) return std::move(*opened);
  std::cerr << "records-seed: " << opened.error().message << "\n";
  return nullptr;
}

std::size_t number(const char* text) {
  std::size_t n = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), n);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: records-seed DEFINITIONS_DIR SQLITE_FILE|postgres://... COUNT "
                 "[FIRST_NUMBER]\n";
    return 2;
  }
  search::DefinitionSources sources;
  sources.core_package_dir = argv[1];
  auto registry = search::SearchRegistry::load(sources, search::default_stored_types(),
                                               search::default_searched_parameters());
  if (!registry) {
    std::cerr << "records-seed: " << registry.error().diagnostics << "\n";
    return 1;
  }
  records::RegistrySearchSupport search(
      std::make_shared<const search::SearchRegistry>(std::move(*registry)), {});
  auto store = open_store(argv[2]);
  if (!store) return 1;
  const std::size_t count = number(argv[3]);
  const std::size_t first = argc == 5 ? number(argv[4]) : 0;

  constexpr std::size_t kBatch = 500;
  for (std::size_t done = 0; done < count;) {
    auto transaction = store->begin();
    for (std::size_t i = 0; i < kBatch && done < count; ++i, ++done) {
      const std::size_t n = first + done;
      const fhir::Json condition = {
          {"resourceType", "Condition"},
          {"id", "seed-" + std::to_string(n)},
          {"code", {{"coding", {{{"system", "http://snomed.info/sct"}, {"code", "73211009"}}}}}},
          {"subject", {{"reference", "Patient/seed-patient-" + std::to_string(n / 100)}}},
          {"recordedDate", "20" + std::to_string(10 + n % 15) + "-0" + std::to_string(1 + n % 9) +
                               "-1" + std::to_string(n % 10)}};
      auto index = search.index("Condition", condition);
      if (!index) {
        std::cerr << "records-seed: " << index.error().diagnostics << "\n";
        return 1;
      }
      transaction->put(storage::ResourceWrite{"Condition", condition["id"].get<std::string>(),
                                              condition, std::nullopt, std::move(*index)});
    }
    if (auto committed = transaction->commit(); !committed) {
      std::cerr << "records-seed: " << committed.error().message << "\n";
      return 1;
    }
  }
  return 0;
}
