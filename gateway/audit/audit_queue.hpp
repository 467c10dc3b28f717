// The bounded queue that makes audit records durable: requests hand in their AuditEvent and
// (for patient data) wait until it is committed; one writer thread takes everything queued
// and commits it as one store transaction, so many records share one fsync. A full queue
// refuses at once (back-pressure: the request is answered 503 without patient data).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "fhir/error.hpp"
#include "fhir/json.hpp"
#include "ops/metrics.hpp"
#include "storage/resource_store.hpp"

namespace gateway::audit {

struct AuditQueueOptions {
  std::size_t capacity = 8192;  // records waiting for the writer, at most
  std::size_t max_batch = 512;  // records per store transaction, at most
};

class AuditQueue {
 public:
  // An AuditEvent (with its id) as a store write with its index rows (the records module's
  // indexer); runs on the caller's thread.
  using Prepare = std::function<fhir::Result<storage::ResourceWrite>(fhir::Json event)>;

  AuditQueue(storage::ResourceStore& store, ops::MetricsRegistry& metrics,
             AuditQueueOptions options);
  ~AuditQueue();  // commits what is queued, then joins the writer
  AuditQueue(const AuditQueue&) = delete;
  AuditQueue& operator=(const AuditQueue&) = delete;

  // Starts the writer. Until then every record is refused (fail closed).
  void start(Prepare prepare);
  // Returns once `event` is durable; unavailable when the queue is full, not started, or the
  // store refused the batch. Blocks: call it from the worker pool.
  [[nodiscard]] fhir::Status record(fhir::Json event);
  // Queues `event` without waiting, for answers that carry no patient data (refusals; the
  // I/O thread's 503 when the worker pool is full). False when it could not be queued.
  bool record_later(fhir::Json event);
  std::size_t depth() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    storage::ResourceWrite write;
    Clock::time_point queued_at;
    bool waited = false;  // a caller waits on `done`
    bool done = false;
    fhir::Status result;
  };
  std::shared_ptr<Entry> enqueue(fhir::Json event, bool waited, fhir::Status& refused);
  void run();
  void commit_batch(std::vector<std::shared_ptr<Entry>>& batch);

  storage::ResourceStore& store_;
  AuditQueueOptions options_;
  Prepare prepare_;
  ops::Histogram& latency_;
  ops::Histogram& batch_size_;
  ops::Counter& written_;
  ops::Counter& failed_;
  ops::Counter& refused_;

  mutable std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable answered_;
  std::deque<std::shared_ptr<Entry>> queue_;
  bool started_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gateway::audit
