// A latch for tests of blocking work: handlers pass() it and wait, bounded, until the test
// release()s it; the test can wait until a number of handlers are inside.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace gateway::testing {

class Gate {
 public:
  // Counts this caller in, then waits until release() (at most 10 s, so a failing test ends).
  void pass() {
    std::unique_lock lock(mutex_);
    ++entered_;
    cv_.notify_all();
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return open_; });
  }
  // True once `n` callers are inside pass() (waits at most 5 s).
  bool wait_entered(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return entered_ >= n; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
  int entered_ = 0;
};

}  // namespace gateway::testing
