// catalog-load-bench FILE: times the whole FEST -> served catalog build (parse, map, serialise,
// index) the way the gateway does it at start and on reload; prints wall/CPU time, peak RSS
// and the number of resources.
#include <chrono>
#include <cstdio>

#include "medication/catalog/loader.hpp"
#include "tools/common/process_usage.hpp"

using gateway::tools::cpu_seconds_now;
using gateway::tools::peak_rss_mib;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FEST_FILE (.xml, .gz or .zip)\n", argv[0]);
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds_now();
  auto loaded = gateway::medication::load_catalog_from_fest(argv[1]);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!loaded) {
    std::fprintf(stderr, "catalog build failed: %s\n", loaded.error().diagnostics.c_str());
    return 1;
  }
  std::printf("file: %s\n", argv[1]);
  std::printf("catalog_seconds: %.3f\n", seconds);
  std::printf("catalog_cpu_seconds: %.3f\n", cpu_seconds_now() - cpu_start);
  std::printf("peak_rss_mib: %.1f\n", peak_rss_mib());
  std::printf("resources: %zu\n", loaded->catalog->total_size());
  std::printf("warnings: %zu\n", loaded->warnings.size());
  return 0;
}
