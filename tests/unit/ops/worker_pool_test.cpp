// The worker pool: runs tasks off the caller's thread, refuses beyond its queue, counts
// refusals, and stops without running what was still queued.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "ops/worker_pool.hpp"

namespace gateway::ops {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, RunsTasksOnItsThreads) {
  MetricsRegistry metrics;
  WorkerPool pool({2, 16}, metrics);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.try_submit([&] { ran.set_value(std::this_thread::get_id()); }));
  auto id = ran.get_future();
  ASSERT_EQ(id.wait_for(5s), std::future_status::ready);
  EXPECT_NE(id.get(), std::this_thread::get_id());
}

TEST(WorkerPool, RefusesBeyondItsQueueAndCountsIt) {
  MetricsRegistry metrics;
  WorkerPool pool({1, 2}, metrics);
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  std::promise<void> started;
  ASSERT_TRUE(pool.try_submit([&] {
    started.set_value();
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return open; });
  }));
  ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.try_submit([&] { ++ran; }));
  EXPECT_TRUE(pool.try_submit([&] { ++ran; }));
  EXPECT_FALSE(pool.try_submit([&] { ++ran; }));
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_NE(metrics.render().find("gateway_worker_rejected_total 1"), std::string::npos);
  EXPECT_NE(metrics.render().find("gateway_worker_queue_depth 2"), std::string::npos);
  {
    std::lock_guard lock(m);
    open = true;
  }
  cv.notify_all();
  pool.stop();
  EXPECT_LE(ran.load(), 2);
  EXPECT_FALSE(pool.try_submit([] {}));  // stopped
}

TEST(WorkerPool, StopDropsQueuedTasksAndDestroysThem) {
  MetricsRegistry metrics;
  auto pool = std::make_unique<WorkerPool>(WorkerPoolOptions{1, 100000}, metrics);
  std::promise<void> started;
  std::promise<void> finish;
  auto finish_future = finish.get_future().share();
  ASSERT_TRUE(pool->try_submit([&, finish_future] {
    started.set_value();
    finish_future.wait();
  }));
  ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  bool ran_queued = false;
  ASSERT_TRUE(pool->try_submit([owned = std::move(owned), &ran_queued] { ran_queued = true; }));
  std::thread stopper([&] { pool->stop(); });
  // Once stop() has begun, the pool refuses new work; only then let the running task end.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (pool->try_submit([] {}) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  finish.set_value();
  stopper.join();
  EXPECT_FALSE(ran_queued);
  EXPECT_TRUE(watch.expired());
}

TEST(WorkerPool, AThrowingTaskDoesNotStopTheWorker) {
  MetricsRegistry metrics;
  WorkerPool pool({1, 4}, metrics);
  ASSERT_TRUE(pool.try_submit([] { throw std::runtime_error("x"); }));
  std::promise<void> after;
  ASSERT_TRUE(pool.try_submit([&] { after.set_value(); }));
  EXPECT_EQ(after.get_future().wait_for(5s), std::future_status::ready);
}

}  // namespace
}  // namespace gateway::ops
