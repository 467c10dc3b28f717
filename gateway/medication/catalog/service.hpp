// Owns the catalog in service: atomic swaps on reload (built in the background, zero failed
// requests), snapshot persistence, readiness and metrics.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fhir/error.hpp"
#include "medication/catalog/catalog.hpp"
#include "ops/metrics.hpp"

namespace gateway::medication {

struct ReloadReport {
  std::string source;           // FEST path or "snapshot:<path>"
  std::size_t resources = 0;    // resources in the new catalog
  double duration_seconds = 0;  // import + map + index (or snapshot load)
  bool from_snapshot = false;
  std::vector<std::string> warnings;  // data problems that did not stop the import (first 100)
};

// Where the service loads catalogs from (the module's settings fill it).
struct CatalogSources {
  std::string fest_path;      // FEST file to import at start and on reload ("" = snapshot only)
  std::string snapshot_path;  // the persisted catalog ("" = no snapshot)
};

class CatalogService {
 public:
  CatalogService(CatalogSources sources, ops::MetricsRegistry& metrics);
  ~CatalogService();  // waits for a running load
  CatalogService(const CatalogService&) = delete;
  CatalogService& operator=(const CatalogService&) = delete;

  // The catalog in service; nullptr until the first one is in. Lock-free for readers in
  // effect (one atomic load of a shared_ptr per request).
  std::shared_ptr<const Catalog> current() const {
    return current_.load(std::memory_order_acquire);
  }

  // First load, in the background: the snapshot when it is at least as new as the configured
  // FEST file (or when no FEST file is configured), else the FEST file (then a new snapshot).
  std::future<fhir::Result<ReloadReport>> start();
  // Builds a catalog from `fest_path` ("" = the configured file) in the background and swaps
  // it in. On failure the catalog in service stays and the error is returned. A reload while
  // another runs fails at once with ErrorKind::conflict.
  std::future<fhir::Result<ReloadReport>> reload(std::string fest_path = {});
  // Swaps in a ready catalog (tests, embedded data).
  void install(std::shared_ptr<const Catalog> catalog);
  // Called on the loading thread when a start or reload finishes (e.g. to log the outcome).
  // Set it before start().
  using LoadListener = std::function<void(const fhir::Result<ReloadReport>&)>;
  void on_load_finished(LoadListener listener) { listener_ = std::move(listener); }

  // nullopt when ready, else "not ready: no catalog loaded yet".
  std::optional<std::string> readiness() const;
  const CatalogSources& sources() const { return sources_; }

 private:
  enum class Mode { start, reload };
  std::future<fhir::Result<ReloadReport>> launch(Mode mode, std::string fest_path);
  fhir::Result<ReloadReport> load(Mode mode, const std::string& fest_path);
  fhir::Result<ReloadReport> load_fest(const std::string& fest_path);
  std::optional<fhir::Result<ReloadReport>> try_snapshot(const std::string& fest_path);
  void record(const fhir::Result<ReloadReport>& result);
  void persist_snapshot(ReloadReport& report);

  CatalogSources sources_;
  LoadListener listener_;
  std::atomic<std::shared_ptr<const Catalog>> current_;
  std::mutex worker_mutex_;
  std::thread worker_;
  std::atomic<bool> busy_{false};

  std::array<ops::Gauge*, kResourceTypeCount> size_gauges_{};
  ops::Gauge& import_duration_;
  ops::Gauge& last_reload_ok_;
  ops::Gauge& loaded_at_;
  ops::Counter& reload_success_;
  ops::Counter& reload_failure_;
};

}  // namespace gateway::medication
