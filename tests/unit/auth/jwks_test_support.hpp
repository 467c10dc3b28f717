// Test doubles for key fetching: a scriptable JWKS endpoint, an https listener that never
// answers, and a bounded wait for what a background thread does.
#pragma once

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

#include "auth/jwks_store.hpp"
#include "silent_listener.hpp"

namespace gateway::auth::testing {

// A JWKS endpoint: serves `document`, or fails while offline; counts the fetches that
// started. While held, a fetch blocks until release() or until its stop token is set, like a
// hanging issuer that the caller aborts. Thread-safe.
class FakeJwksEndpoint {
 public:
  explicit FakeJwksEndpoint(std::string document) : document_(std::move(document)) {}

  // Refers to *this, which must outlive it.
  JwksFetcher fetcher() {
    return [this](std::stop_token stop) { return fetch(std::move(stop)); };
  }
  void set_document(std::string document) {
    std::lock_guard lock(mutex_);
    document_ = std::move(document);
  }
  std::string document() const {
    std::lock_guard lock(mutex_);
    return document_;
  }
  void set_offline(bool offline) {
    std::lock_guard lock(mutex_);
    offline_ = offline;
  }
  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    changed_.notify_all();
  }
  int fetches() const {
    std::lock_guard lock(mutex_);
    return fetches_;
  }

 private:
  FetchResult fetch(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    ++fetches_;
    if (!changed_.wait(lock, stop, [this] { return !held_; })) return {std::nullopt, "stopped"};
    if (offline_) return {std::nullopt, "offline"};
    return {document_, {}};
  }

  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::string document_;
  bool offline_ = false;
  bool held_ = false;
  int fetches_ = 0;
};

// Polls `condition` every millisecond until it holds (true) or `timeout` passes (false).
template <typename Condition>
bool eventually(Condition condition,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

inline std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

using gateway::testing::SilentListener;

}  // namespace gateway::auth::testing
