// The child of the crash test: concurrent writers commit transactions of two new Patients
// ("a-<n>" and "b-<n>") into the store file given as argument and print "<n>" on stdout for
// each acknowledged (durable) transaction, until the parent kills the process.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_store.hpp"

int main(int argc, char** argv) {
  using namespace gateway::storage;
  if (argc != 3) {
    std::fprintf(stderr, "usage: sqlite_crash_writer FILE RUN\n");
    return 2;
  }
  SqliteStoreOptions options;
  options.path = argv[1];
  const std::string run = argv[2];
  auto opened = SqliteStore::open(options);
  if (!opened) {
    std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
    return 1;
  }
  ResourceStore& store = **opened;
  std::atomic<long> next{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&] {
      for (;;) {
        const std::string n = run + "-" + std::to_string(next.fetch_add(1));
        auto transaction = store.begin();
        for (const char* half : {"a-", "b-"}) {
          const std::string id = half + n;
          transaction->put(ResourceWrite{
              "Patient",
              id,
              {{"resourceType", "Patient"}, {"id", id}},
              0,
              IndexValues{{{"identifier", "urn:crash", n, ""}}, {}, {}, {}, {}, {}, {}}});
        }
        if (!transaction->commit()) continue;
        const std::string line = n + "\n";
        if (write(1, line.data(), line.size()) < 0) return;  // one write: whole lines
      }
    });
  }
  for (auto& writer : writers) writer.join();
  return 0;
}
