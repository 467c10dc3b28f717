// Library-level medication search cost (parse, match, page, write the Bundle) on a full-size
// FEST file, without HTTP. Usage: medication_search_bench [benchmark flags]; env FEST=path
// (default /tmp/fest-bench/fest-full-seed251.xml, see bench/medication_bench.sh).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "medication/catalog/loader.hpp"
#include "medication/index/search_parameters.hpp"
#include "medication/search/execution.hpp"
#include "medication/search/searchset_writer.hpp"

namespace {

using namespace gateway::medication;

const Catalog& full_catalog() {
  static const std::shared_ptr<const Catalog> catalog = [] {
    const char* env = std::getenv("FEST");
    const std::string path = env ? env : "/tmp/fest-bench/fest-full-seed251.xml";
    auto loaded = load_catalog_from_fest(path);
    if (!loaded) {
      std::cerr << loaded.error().diagnostics << "\n";
      std::exit(2);
    }
    return loaded->catalog;
  }();
  return *catalog;
}

// A value of the first resource of `type` for `param` (so the queries hit real data).
std::string first_key(ResourceType type, const char* param,
                      std::size_t length = std::string::npos) {
  const auto& table = full_catalog().table(type);
  const int p = find_search_param(type, param);
  for (const auto& r : table.resources) {
    if (!r.resource.keys[p].empty()) {
      std::string key = r.resource.keys[p].front();
      if (auto sep = key.find(kTokenSeparator); sep != std::string::npos) key = key.substr(sep + 1);
      return key.substr(0, length);
    }
  }
  return {};
}

void run_search(benchmark::State& state, ResourceType type, const std::string& query) {
  const Catalog& catalog = full_catalog();
  auto params = *gateway::fhir::parse_query(query);
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto parsed = parse_search_query(type, params, false, {20, 100});
    auto page = execute_search(catalog, *parsed, 1000);
    std::string bundle = write_searchset(catalog, *parsed, page, "https://fhir.example.no/fhir");
    bytes += bundle.size();
    benchmark::DoNotOptimize(bundle);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_ReadById(benchmark::State& state) {
  const Catalog& catalog = full_catalog();
  const std::string id =
      catalog.table(ResourceType::medicinal_product_definition).resources[4000].resource.id;
  for (auto _ : state)
    benchmark::DoNotOptimize(catalog.find(ResourceType::medicinal_product_definition, id));
}
void BM_NamePrefix(benchmark::State& s) {
  run_search(s, ResourceType::medicinal_product_definition,
             "name=" + first_key(ResourceType::medicinal_product_definition, "name", 4));
}
void BM_NamePrefixSorted(benchmark::State& s) {
  run_search(s, ResourceType::medicinal_product_definition,
             "_sort=name&name=" + first_key(ResourceType::medicinal_product_definition, "name", 2));
}
void BM_NameContains(benchmark::State& s) {
  run_search(s, ResourceType::medicinal_product_definition, "name:contains=mg");
}
void BM_Atc(benchmark::State& s) {
  run_search(s, ResourceType::medicinal_product_definition,
             "product-classification=" +
                 first_key(ResourceType::medicinal_product_definition, "product-classification"));
}
void BM_AtcBelowSortedByName(benchmark::State& s) {
  run_search(
      s, ResourceType::medicinal_product_definition,
      "_sort=name&product-classification:below=" +
          first_key(ResourceType::medicinal_product_definition, "product-classification", 3));
}
void BM_Varenummer(benchmark::State& s) {
  const auto& keys =
      full_catalog().table(ResourceType::packaged_product_definition).resources[500].resource.keys;
  const std::string varenummer(
      split_token_key(
          keys[find_search_param(ResourceType::packaged_product_definition, "identifier")][1])
          .second);
  run_search(s, ResourceType::packaged_product_definition,
             "identifier=https://farmalogg.no/varenummer|" + varenummer);
}
void BM_IncludeRevinclude(benchmark::State& s) {
  run_search(s, ResourceType::medicinal_product_definition,
             "name=" + first_key(ResourceType::medicinal_product_definition, "name", 4) +
                 "&_revinclude=PackagedProductDefinition:package-for&_revinclude=Ingredient:for");
}
void BM_AllSortedByNameDeepPage(benchmark::State& s) {
  run_search(s, ResourceType::packaged_product_definition, "_sort=name&_count=50");
}

BENCHMARK(BM_ReadById);
BENCHMARK(BM_NamePrefix);
BENCHMARK(BM_NamePrefixSorted);
BENCHMARK(BM_NameContains);
BENCHMARK(BM_Atc);
BENCHMARK(BM_AtcBelowSortedByName);
BENCHMARK(BM_Varenummer);
BENCHMARK(BM_IncludeRevinclude);
BENCHMARK(BM_AllSortedByNameDeepPage);

}  // namespace

BENCHMARK_MAIN();
