// Catalog lifecycle: first load, reload swap, broken file keeps the old catalog, snapshot
// restarts, readiness and metrics.
#include <filesystem>
#include <fstream>

#include "medication/catalog/service.hpp"
#include "medication/catalog/snapshot.hpp"
#include "search_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;
namespace fs = std::filesystem;

class CatalogServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("medication-service-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fest_ = (dir_ / "fest.xml").string();
    snapshot_ = (dir_ / "medication-catalog.snapshot").string();
    fs::copy_file(fixture_path("fest-excerpt.xml"), fest_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CatalogSources sources() const { return {fest_, snapshot_}; }
  std::string broken_file() const {
    const std::string path = (dir_ / "broken.xml").string();
    std::ofstream(path)
        << "<FEST xmlns='http://www.kith.no/xmlstds/eresept/m30/2014-12-01'><HentetDato>2023";
    return path;
  }

  fs::path dir_;
  std::string fest_;
  std::string snapshot_;
  ops::MetricsRegistry metrics_;
};

TEST_F(CatalogServiceTest, NotReadyUntilTheFirstCatalogIsIn) {
  CatalogService service(sources(), metrics_);
  EXPECT_EQ(service.readiness(), "not ready: no catalog loaded yet");
  auto report = service.start().get();
  ASSERT_TRUE(report.ok()) << report.error().diagnostics;
  EXPECT_FALSE(report->from_snapshot);
  EXPECT_EQ(report->resources, excerpt_catalog()->total_size());
  EXPECT_FALSE(service.readiness());
  EXPECT_NE(metrics_.render().find(
                "fhir_gateway_medication_catalog_resources{type=\"MedicinalProductDefinition\"} 3"),
            std::string::npos);
}

TEST_F(CatalogServiceTest, BrokenFileLeavesTheOldCatalogInService) {
  CatalogService service(sources(), metrics_);
  ASSERT_TRUE(service.start().get().ok());
  auto before = service.current();
  auto failed = service.reload(broken_file()).get();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().diagnostics.find("line"), std::string::npos)
      << failed.error().diagnostics;
  EXPECT_EQ(service.current(), before);
  EXPECT_FALSE(service.readiness());
  EXPECT_NE(metrics_.render().find("fhir_gateway_medication_last_reload_success 0"),
            std::string::npos);
  auto missing = service.reload((dir_ / "nope.xml").string()).get();
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(service.current(), before);
}

TEST_F(CatalogServiceTest, ReloadSwapsAtomicallyWhileReadersHoldTheOldCatalog) {
  CatalogService service(sources(), metrics_);
  ASSERT_TRUE(service.start().get().ok());
  auto held = service.current();
  auto report = service.reload().get();
  ASSERT_TRUE(report.ok());
  EXPECT_NE(service.current(), held);
  // The old catalog stays valid for requests that still hold it.
  EXPECT_TRUE(held->find(ResourceType::medicinal_product_definition,
                         "ID-000A27B8-3930-4264-80F9-CDB14C895662"));
}

TEST_F(CatalogServiceTest, RequestsNeverFailDuringReloads) {
  CatalogService service(sources(), metrics_);
  ASSERT_TRUE(service.start().get().ok());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> reads{0};
  std::thread reader([&] {
    while (!stop) {
      auto c = service.current();
      if (!c || !c->find(ResourceType::packaged_product_definition,
                         "ID-0008426A-FCA1-4CA1-9202-7D7D5B2922C2"))
        ++failures;
      ++reads;
    }
  });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service.reload().get().ok());
  stop = true;
  reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(reads, 0);
}

TEST_F(CatalogServiceTest, RestartLoadsTheSnapshotUnlessTheFestFileIsNewer) {
  {
    CatalogService first(sources(), metrics_);
    ASSERT_TRUE(first.start().get().ok());
  }
  ASSERT_TRUE(fs::exists(snapshot_));
  {
    CatalogService second(sources(), metrics_);
    auto report = second.start().get();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->from_snapshot);
    // Snapshot and import serve the same bytes.
    const auto* a = second.current()->find(
        ResourceType::ingredient,
        excerpt_catalog()->table(ResourceType::ingredient).resources[0].resource.id);
    ASSERT_TRUE(a);
    EXPECT_EQ(*a->resource.json,
              *excerpt_catalog()->table(ResourceType::ingredient).resources[0].resource.json);
    EXPECT_EQ(search(*second.current(), ResourceType::medicinal_product_definition, "name=kodim")
                  .match_ids()
                  .size(),
              1u);
  }
  fs::last_write_time(fest_, fs::file_time_type::clock::now() + std::chrono::hours(1));
  {
    CatalogService third(sources(), metrics_);
    auto report = third.start().get();
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report->from_snapshot);
  }
  {
    CatalogSources no_fest = sources();
    no_fest.fest_path.clear();
    CatalogService fourth(no_fest, metrics_);
    auto report = fourth.start().get();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->from_snapshot);
  }
}

TEST_F(CatalogServiceTest, CorruptSnapshotIsNotUsed) {
  {
    CatalogService first(sources(), metrics_);
    ASSERT_TRUE(first.start().get().ok());
  }
  {
    std::fstream f(snapshot_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');
  }
  EXPECT_FALSE(read_snapshot(snapshot_).ok());
  CatalogService second(sources(), metrics_);
  auto report = second.start().get();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->from_snapshot);
}

TEST_F(CatalogServiceTest, NoFestAndNoSnapshotStaysNotReady) {
  CatalogSources no_fest = sources();
  no_fest.fest_path.clear();
  CatalogService service(no_fest, metrics_);
  EXPECT_FALSE(service.start().get().ok());
  EXPECT_TRUE(service.readiness());
}

}  // namespace
}  // namespace gateway::medication
