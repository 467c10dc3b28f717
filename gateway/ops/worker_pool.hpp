// The bounded pool of worker threads that runs handlers which may block (storage, network,
// large parsing), so the I/O threads never wait. A full queue refuses new work at once
// rather than building an unbounded backlog.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "ops/metrics.hpp"

namespace gateway::ops {

struct WorkerPoolOptions {
  std::size_t threads = 8;   // worker threads
  std::size_t queue = 1024;  // tasks waiting for a thread, at most
};

class WorkerPool {
 public:
  WorkerPool(WorkerPoolOptions options, MetricsRegistry& metrics);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (and the task is not run) when the queue is full or the pool stops.
  [[nodiscard]] bool try_submit(std::function<void()> task);
  // Lets running tasks finish, drops queued ones, joins the threads. Idempotent.
  void stop();
  std::size_t queued() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Task {
    std::function<void()> run;
    Clock::time_point queued_at;
  };
  void work();

  WorkerPoolOptions options_;
  Gauge& depth_;
  Gauge& busy_;
  Histogram& wait_;
  Counter& rejected_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace gateway::ops
