// The audit queue and its writer thread (see audit_queue.hpp).
#include "audit/audit_queue.hpp"

#include <vector>

namespace gateway::audit {
namespace {

fhir::Error audit_unavailable(std::string log_detail) {
  auto error = fhir::make_error(fhir::ErrorKind::unavailable,
                                "The audit trail cannot be written now; retry after the time in "
                                "Retry-After",
                                "", std::move(log_detail));
  error.headers.push_back({"retry-after", "1"});
  return error;
}

}  // namespace

AuditQueue::AuditQueue(storage::ResourceStore& store, ops::MetricsRegistry& metrics,
                       AuditQueueOptions options)
    : store_(store),
      options_(options),
      latency_(metrics.histogram("fhir_gateway_audit_write_seconds",
                                 "Time from queueing an audit record to its durable commit",
                                 {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1})),
      batch_size_(metrics.histogram("fhir_gateway_audit_batch_records",
                                    "Audit records per store transaction",
                                    {1, 2, 4, 8, 16, 32, 64, 128, 256, 512})),
      written_(metrics.counter("fhir_gateway_audit_records_total", "Audit records by fate",
                               {{"fate", "written"}})),
      failed_(metrics.counter("fhir_gateway_audit_records_total", "Audit records by fate",
                              {{"fate", "failed"}})),
      refused_(metrics.counter("fhir_gateway_audit_records_total", "Audit records by fate",
                               {{"fate", "refused"}})) {
  metrics.gauge_callback("fhir_gateway_audit_queue_depth", "Audit records waiting for the writer",
                         [this] { return static_cast<double>(depth()); });
}

AuditQueue::~AuditQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditQueue::start(Prepare prepare) {
  std::lock_guard lock(mutex_);
  if (started_) return;
  prepare_ = std::move(prepare);
  started_ = true;
  thread_ = std::thread([this] { run(); });
}

std::size_t AuditQueue::depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::shared_ptr<AuditQueue::Entry> AuditQueue::enqueue(fhir::Json event, bool waited,
                                                       fhir::Status& refused) {
  Prepare prepare;
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopping_) {
      refused = audit_unavailable("audit queue not running");
      refused_.inc();
      return nullptr;
    }
    prepare = prepare_;
  }
  auto write = prepare(std::move(event));  // index rows: on the caller's thread
  if (!write) {
    refused = audit_unavailable("audit record not indexable: " + write.error().diagnostics);
    failed_.inc();
    return nullptr;
  }
  auto entry = std::make_shared<Entry>();
  entry->write = std::move(*write);
  entry->queued_at = Clock::now();
  entry->waited = waited;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.capacity || stopping_) {
      refused = audit_unavailable("audit queue full");
      refused_.inc();
      return nullptr;
    }
    queue_.push_back(entry);
  }
  queued_.notify_one();
  return entry;
}

fhir::Status AuditQueue::record(fhir::Json event) {
  fhir::Status refused;
  auto entry = enqueue(std::move(event), true, refused);
  if (!entry) return refused;
  std::unique_lock lock(mutex_);
  answered_.wait(lock, [&] { return entry->done; });
  return entry->result;
}

bool AuditQueue::record_later(fhir::Json event) {
  fhir::Status refused;
  return enqueue(std::move(event), false, refused) != nullptr;
}

void AuditQueue::run() {
  std::vector<std::shared_ptr<Entry>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is written
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
    batch.clear();
  }
}

void AuditQueue::commit_batch(std::vector<std::shared_ptr<Entry>>& batch) {
  auto transaction = store_.begin();
  for (const auto& entry : batch) {
    entry->write.expected_version = 0;  // a new record; never replaces one
    transaction->put(std::move(entry->write));
  }
  auto committed = transaction->commit();
  fhir::Status result;
  if (!committed) result = audit_unavailable("audit batch: " + committed.error().message);
  const auto now = Clock::now();
  for (const auto& entry : batch) {
    latency_.observe(std::chrono::duration<double>(now - entry->queued_at).count());
  }
  batch_size_.observe(static_cast<double>(batch.size()));
  (committed ? written_ : failed_).inc(batch.size());
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : batch) {
      entry->result = result;
      entry->done = true;
    }
  }
  answered_.notify_all();
}

}  // namespace gateway::audit
