// Structured logging: one JSON object per line on a file descriptor (stderr by default),
// buffered and written by a background thread so request threads never block on the terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace gateway::ops {

// Current UTC time as RFC 3339 with milliseconds: "2026-11-21T22:27:45.123Z".
std::string utc_timestamp();

struct AccessLogEntry {
  std::string_view request_id;
  std::string_view method;
  std::string_view route;  // route template, never the raw path (may hold identifiers)
  int status = 0;
  std::int64_t duration_us = 0;
  std::uint64_t bytes = 0;
  // From the trust layer, when the request was authenticated. Never the token itself.
  std::string_view client_id;
  std::string_view orgnr_parent;
  std::string_view orgnr_child;
  std::string_view hpr_number;
};

class Logger {
 public:
  explicit Logger(int fd = 2,
                  std::chrono::milliseconds flush_interval = std::chrono::milliseconds(50));
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void access(const AccessLogEntry& entry);
  void set_access_enabled(bool enabled) {
    access_enabled_.store(enabled, std::memory_order_relaxed);
  }
  // A non-request event: {"time","level","msg", fields...}; field values are strings.
  void event(std::string_view level, std::string_view message,
             const std::vector<std::pair<std::string_view, std::string>>& fields = {});
  void flush();

 private:
  void write_line(std::string line);
  void run();
  void write_all(const std::string& data);

  int fd_;
  std::atomic<bool> access_enabled_{true};
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::mutex write_mutex_;
  std::condition_variable wake_;
  std::string buffer_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gateway::ops
