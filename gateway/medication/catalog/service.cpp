// Background loading, atomic swap, snapshot and metrics of the medication catalog.
#include "medication/catalog/service.hpp"

#include <malloc.h>
#include <sys/stat.h>

#include <chrono>

#include "medication/catalog/loader.hpp"
#include "medication/catalog/snapshot.hpp"

namespace gateway::medication {
namespace {

constexpr std::size_t kMaxReportedWarnings = 100;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::int64_t now_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CatalogService::CatalogService(CatalogSources sources, ops::MetricsRegistry& metrics)
    : sources_(std::move(sources)),
      import_duration_(metrics.gauge("fhir_gateway_medication_import_duration_seconds",
                                     "Duration of the last medication catalog build (import, "
                                     "map, index or snapshot load)")),
      last_reload_ok_(metrics.gauge("fhir_gateway_medication_last_reload_success",
                                    "1 when the last medication catalog load succeeded, else 0")),
      loaded_at_(metrics.gauge("fhir_gateway_medication_catalog_loaded_timestamp_seconds",
                               "When the medication catalog in service was swapped in")),
      reload_success_(metrics.counter("fhir_gateway_medication_reloads_total",
                                      "Medication catalog loads by outcome",
                                      {{"outcome", "success"}})),
      reload_failure_(metrics.counter("fhir_gateway_medication_reloads_total",
                                      "Medication catalog loads by outcome",
                                      {{"outcome", "failure"}})) {
  for (ResourceType type : kAllResourceTypes) {
    size_gauges_[type_index(type)] =
        &metrics.gauge("fhir_gateway_medication_catalog_resources",
                       "Resources in the medication catalog in service, per type",
                       {{"type", std::string(type_name(type))}});
  }
}

CatalogService::~CatalogService() {
  std::lock_guard lock(worker_mutex_);
  if (worker_.joinable()) worker_.join();
}

std::future<fhir::Result<ReloadReport>> CatalogService::start() {
  return launch(Mode::start, sources_.fest_path);
}

std::future<fhir::Result<ReloadReport>> CatalogService::reload(std::string fest_path) {
  return launch(Mode::reload, fest_path.empty() ? sources_.fest_path : std::move(fest_path));
}

std::future<fhir::Result<ReloadReport>> CatalogService::launch(Mode mode, std::string fest_path) {
  std::lock_guard lock(worker_mutex_);
  if (busy_.load()) {
    std::promise<fhir::Result<ReloadReport>> refused;
    refused.set_value(fhir::make_error(fhir::ErrorKind::conflict,
                                       "A medication catalog load is already running"));
    return refused.get_future();
  }
  if (worker_.joinable()) worker_.join();
  busy_.store(true);
  std::promise<fhir::Result<ReloadReport>> promise;
  auto future = promise.get_future();
  worker_ =
      std::thread([this, mode, path = std::move(fest_path), p = std::move(promise)]() mutable {
        auto result = load(mode, path);
        record(result);
        if (result.ok() && !result.value().from_snapshot) persist_snapshot(result.value());
        // The import's scratch memory and the replaced catalog are free by now: give the pages
        // back to the system instead of keeping them in malloc's arenas.
        ::malloc_trim(0);
        if (listener_) listener_(result);
        busy_.store(false);
        p.set_value(std::move(result));
      });
  return future;
}

void CatalogService::install(std::shared_ptr<const Catalog> catalog) {
  for (ResourceType type : kAllResourceTypes) {
    size_gauges_[type_index(type)]->set(static_cast<double>(catalog->size(type)));
  }
  loaded_at_.set(static_cast<double>(now_epoch()));
  current_.store(std::move(catalog), std::memory_order_release);
}

std::optional<std::string> CatalogService::readiness() const {
  if (!current()) return std::string("not ready: no catalog loaded yet");
  return std::nullopt;
}

fhir::Result<ReloadReport> CatalogService::load(Mode mode, const std::string& fest_path) {
  if (mode == Mode::start) {
    if (auto from_snapshot = try_snapshot(fest_path)) {
      if (from_snapshot->ok() || fest_path.empty()) return std::move(*from_snapshot);
    }
  }
  if (fest_path.empty()) {
    return fhir::make_error(fhir::ErrorKind::unavailable,
                            "No FEST file configured (setting 'fest') and no usable snapshot");
  }
  return load_fest(fest_path);
}

// nullopt when there is no fresh snapshot to try.
std::optional<fhir::Result<ReloadReport>> CatalogService::try_snapshot(
    const std::string& fest_path) {
  const std::string path = sources_.snapshot_path;
  if (path.empty()) return std::nullopt;
  auto info = read_snapshot_info(path);
  if (!info) return std::nullopt;
  if (!fest_path.empty()) {
    struct stat st {};
    if (::stat(fest_path.c_str(), &st) != 0) return std::nullopt;
    const bool same_file = info->source == fest_path && info->source_size == st.st_size &&
                           info->source_mtime >= static_cast<std::int64_t>(st.st_mtime);
    if (!same_file) return std::nullopt;
  }
  const auto started = std::chrono::steady_clock::now();
  auto catalog = read_snapshot(path);
  if (!catalog) return fhir::Result<ReloadReport>(catalog.error());
  ReloadReport report;
  report.source = "snapshot:" + path;
  report.resources = catalog.value()->total_size();
  report.from_snapshot = true;
  install(std::move(catalog.value()));
  report.duration_seconds = seconds_since(started);
  return fhir::Result<ReloadReport>(std::move(report));
}

fhir::Result<ReloadReport> CatalogService::load_fest(const std::string& fest_path) {
  const auto started = std::chrono::steady_clock::now();
  auto loaded = load_catalog_from_fest(fest_path);
  if (!loaded) return loaded.error();
  ReloadReport report;
  report.source = fest_path;
  report.resources = loaded->catalog->total_size();
  report.duration_seconds = seconds_since(started);
  auto& warnings = loaded->warnings;
  if (warnings.size() > kMaxReportedWarnings) warnings.resize(kMaxReportedWarnings);
  report.warnings = std::move(warnings);
  install(loaded->catalog);
  return report;
}

// After the swap and the metrics: a slow disk never delays the new catalog.
void CatalogService::persist_snapshot(ReloadReport& report) {
  const std::string path = sources_.snapshot_path;
  auto catalog = current();
  if (path.empty() || !catalog) return;
  if (auto error = write_snapshot(*catalog, path))
    report.warnings.push_back("snapshot not written: " + *error);
}

void CatalogService::record(const fhir::Result<ReloadReport>& result) {
  if (result.ok()) {
    import_duration_.set(result.value().duration_seconds);
    last_reload_ok_.set(1);
    reload_success_.inc();
  } else {
    last_reload_ok_.set(0);
    reload_failure_.inc();
  }
}

}  // namespace gateway::medication
