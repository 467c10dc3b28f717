// fest-import-bench FILE [INCREMENTAL]: times one FEST import (and optionally applying an
// incremental extract to it); prints wall/CPU time, peak RSS and the catalog sizes.
#include <chrono>
#include <cstdio>
#include <optional>
#include <variant>

#include "medication/fest/import.hpp"
#include "medication/fest/incremental.hpp"
#include "tools/common/process_usage.hpp"

namespace {

using gateway::tools::cpu_seconds_now;
using gateway::tools::peak_rss_mib;

using gateway::medication::FestCatalog;
using gateway::medication::ImportError;

// Imports `path`, printing the timings under `label`; nullopt (and a message) on failure.
std::optional<FestCatalog> timed_import(const char* path, const char* label) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds_now();
  auto result = gateway::medication::import_fest_file(path);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = cpu_seconds_now() - cpu_start;
  if (const auto* error = std::get_if<ImportError>(&result)) {
    std::fprintf(stderr, "import of %s failed: %s (line %d, column %d, element %s)\n", path,
                 error->message.c_str(), error->line, error->column, error->element.c_str());
    return std::nullopt;
  }
  std::printf("file: %s\n", path);
  std::printf("%s_seconds: %.3f\n", label, seconds);
  std::printf("%s_cpu_seconds: %.3f\n", label, cpu);
  return std::move(std::get<FestCatalog>(result));
}

void print_sizes(const FestCatalog& catalog) {
  std::printf("peak_rss_mib: %.1f\n", peak_rss_mib());
  std::printf("legemiddel_merkevare: %zu\n", catalog.legemiddel_merkevare.size());
  std::printf("legemiddelpakning: %zu\n", catalog.legemiddelpakning.size());
  std::printf("virkestoff: %zu\n", catalog.virkestoff.size());
  std::printf("virkestoff_med_styrke: %zu\n", catalog.virkestoff_med_styrke.size());
  std::printf("legemiddel_virkestoff: %zu\n", catalog.legemiddel_virkestoff.size());
  std::printf("legemiddeldose: %zu\n", catalog.legemiddeldose.size());
  std::printf("kodeverk: %zu\n", catalog.kodeverk.size());
  std::printf("byttegruppe: %zu\n", catalog.byttegruppe.size());
  std::printf("interaksjon: %zu\n", catalog.interaksjon.size());
  std::printf("refusjonshjemmel: %zu\n", catalog.refusjonshjemmel.size());
  std::printf("vilkar: %zu\n", catalog.vilkar.size());
  std::printf("utgatte_oppforinger: %zu\n", catalog.utgatte_oppforinger.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s FEST_FILE [INCREMENTAL_FILE] (.xml, .gz or .zip)\n", argv[0]);
    return 2;
  }
  auto catalog = timed_import(argv[1], "import");
  if (!catalog) return 1;
  if (argc == 3) {
    auto delta = timed_import(argv[2], "incremental_import");
    if (!delta) return 1;
    const double cpu_start = cpu_seconds_now();
    catalog = gateway::medication::apply_incremental(std::move(*catalog), std::move(*delta));
    std::printf("apply_cpu_seconds: %.3f\n", cpu_seconds_now() - cpu_start);
  }
  print_sizes(*catalog);
  return 0;
}
