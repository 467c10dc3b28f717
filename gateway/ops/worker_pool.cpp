// Worker threads over one bounded FIFO queue, with depth, wait-time and rejection metrics.
#include "ops/worker_pool.hpp"

namespace gateway::ops {
namespace {
const std::vector<double> kWaitBuckets = {0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005,
                                          0.01,    0.05,    0.1,    0.5,    1,     5};
}

WorkerPool::WorkerPool(WorkerPoolOptions options, MetricsRegistry& metrics)
    : options_(options),
      depth_(metrics.gauge("gateway_worker_queue_depth", "Tasks waiting for a worker thread")),
      busy_(metrics.gauge("gateway_worker_busy", "Worker threads running a task")),
      wait_(metrics.histogram("gateway_worker_wait_seconds",
                              "Time a task waited in the worker queue", kWaitBuckets)),
      rejected_(metrics.counter("gateway_worker_rejected_total",
                                "Tasks refused because the worker queue was full")) {
  if (options_.threads == 0) options_.threads = 1;
  threads_.reserve(options_.threads);
  for (std::size_t i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::try_submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= options_.queue) {
      rejected_.inc();
      return false;
    }
    tasks_.push_back({std::move(task), Clock::now()});
    depth_.set(static_cast<double>(tasks_.size()));
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::stop() {
  std::deque<Task> dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(tasks_);
    depth_.set(0);
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
  // `dropped` is destroyed here, outside the lock: its tasks may own connections.
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

void WorkerPool::work() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
      depth_.set(static_cast<double>(tasks_.size()));
    }
    wait_.observe(std::chrono::duration<double>(Clock::now() - task.queued_at).count());
    busy_.add(1);
    try {
      task.run();
    } catch (...) {
      // Tasks report their own failures; one that throws must not take the worker down.
    }
    busy_.add(-1);
  }
}

}  // namespace gateway::ops
