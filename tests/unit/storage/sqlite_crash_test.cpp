// Crash safety of the SQLite store: a child process commits under concurrent load and is
// killed with SIGKILL; after reopening, every acknowledged transaction is there and
// readable, no transaction is there by half, and the file passes integrity_check.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "child_process.hpp"
#include "sqlite_integrity.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace gateway::storage {
namespace {

// The transaction numbers the child acknowledged (complete lines only).
std::vector<std::string> acknowledged(const std::string& out) {
  std::vector<std::string> numbers;
  std::size_t start = 0;
  for (auto end = out.find('\n'); end != std::string::npos; end = out.find('\n', start)) {
    numbers.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  return numbers;
}

TEST(SqliteCrashTest, AcknowledgedWritesSurviveKillNine) {
  testing::TempDir dir;
  const std::string path = dir.str() + "/crash.db";
  std::size_t total_acknowledged = 0;
  for (int run = 0; run < 2; ++run) {
    const auto child = testing::run_process({SQLITE_CRASH_WRITER, path, std::to_string(run)},
                                            std::chrono::milliseconds(1500));
    ASSERT_EQ(child.exit_code, -1) << "the writer should have been killed: " << child.err;
    const auto numbers = acknowledged(child.out);
    ASSERT_FALSE(numbers.empty()) << child.err;
    total_acknowledged += numbers.size();

    SqliteStoreOptions options;
    options.path = path;
    auto reopened = SqliteStore::open(options);
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    auto& store = **reopened;
    for (const auto& n : numbers) {
      for (const char* half : {"a-", "b-"}) {
        auto read = store.read("Patient", half + n);
        ASSERT_TRUE(read.ok()) << half << n << " was acknowledged but is missing";
        EXPECT_EQ(nlohmann::json::parse(read->json)["id"], half + n);
      }
    }
    // every transaction is there entirely or not at all
    SearchQuery all;
    all.type = "Patient";
    all.count = 1000;
    std::set<std::string> ids;
    for (int page = 0; page < 10000; ++page) {
      auto found = store.search(all);
      ASSERT_TRUE(found.ok()) << found.error().message;
      for (const auto& match : found->matches) ids.insert(match.id);
      if (!found->next) break;
      all.cursor = found->next;
    }
    for (const auto& id : ids) {
      const std::string other = (id[0] == 'a' ? "b" : "a") + id.substr(1);
      EXPECT_TRUE(ids.count(other)) << id << " without " << other;
    }
    EXPECT_GE(ids.size(), 2 * total_acknowledged);
  }
  EXPECT_EQ(testing::sqlite_integrity_check(path), "ok");
}

}  // namespace
}  // namespace gateway::storage
