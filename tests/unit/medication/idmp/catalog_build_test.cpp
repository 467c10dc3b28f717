// The catalog build maps and serialises on two threads and writes snapshots as a stream: the
// served bytes must equal a plain sequential mapping, and survive a snapshot round trip.
#include <unistd.h>

#include <filesystem>

#include "medication/catalog/snapshot.hpp"
#include "medication/index/indexed_resource.hpp"
#include "synthetic_fest.hpp"
#include "test_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

// Enough merkevarer that both threads take several chunks of FEST objects.
FestCatalog many_products() {
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i) names.push_back("Preparat " + std::to_string(i) + " 10 mg");
  return synthetic_fest(names);
}

void expect_serves_sequential_mapping(const FestCatalog& fest, const Catalog& catalog) {
  MappingResult sequential = map_fest_catalog(fest);
  ASSERT_GT(sequential.resources.size(), 800u);
  EXPECT_EQ(catalog.total_size(), sequential.resources.size());
  for (MappedResource& mapped : sequential.resources) {
    const IndexedResource expected = index_resource(std::move(mapped));
    const StoredResource* stored = catalog.find(expected.type, expected.id);
    ASSERT_NE(stored, nullptr) << expected.id;
    EXPECT_EQ(*stored->resource.json, *expected.json) << expected.id;
    EXPECT_EQ(stored->resource.keys, expected.keys) << expected.id;
  }
}

TEST(CatalogBuild, ParallelBuildServesExactlyTheSequentiallyMappedResources) {
  const FestCatalog fest = many_products();
  const auto catalog = build_catalog(fest, CatalogInfo{"parallel", {}, 0, 0}).catalog;
  expect_serves_sequential_mapping(fest, *catalog);
}

TEST(CatalogBuild, BuildsAreIdenticalRunToRun) {
  const FestCatalog fest = many_products();
  const auto first = build_catalog(fest, CatalogInfo{"a", {}, 0, 0}).catalog;
  const auto second = build_catalog(fest, CatalogInfo{"b", {}, 0, 0}).catalog;
  for (ResourceType type : kAllResourceTypes) {
    const auto& a = first->table(type).resources;
    const auto& b = second->table(type).resources;
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].resource.id, b[i].resource.id);
      EXPECT_EQ(*a[i].resource.json, *b[i].resource.json);
    }
  }
}

TEST(CatalogBuild, StreamedSnapshotReadsBackTheSameCatalog) {
  const FestCatalog fest = many_products();
  const auto catalog = build_catalog(fest, CatalogInfo{"snap", "2024-03-01", 7, 9}).catalog;
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("catalog-build-" + std::to_string(::getpid()) + ".snapshot"))
                               .string();
  ASSERT_FALSE(write_snapshot(*catalog, path).has_value());
  auto restored = read_snapshot(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored.value()->info().source, "snap");
  EXPECT_EQ(restored.value()->info().source_size, 7);
  expect_serves_sequential_mapping(fest, *restored.value());
}

TEST(CatalogBuild, SnapshotToAnUnwritablePathIsAnErrorValue) {
  const FestCatalog fest = many_products();
  const auto catalog = build_catalog(fest, CatalogInfo{"x", {}, 0, 0}).catalog;
  const auto error = write_snapshot(*catalog, "/nonexistent-dir/catalog.snapshot");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("cannot create"), std::string::npos);
}

}  // namespace
}  // namespace gateway::medication
