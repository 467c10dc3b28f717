// Buffered JSON-lines logger.
#include "ops/logger.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

#include "ops/json_string.hpp"

namespace gateway::ops {
namespace {
constexpr std::size_t kMaxBuffered = 1 << 20;  // past this, writers flush themselves
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

Logger::Logger(int fd, std::chrono::milliseconds flush_interval)
    : fd_(fd), interval_(flush_interval), thread_([this] { run(); }) {}

Logger::~Logger() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  flush();
}

void Logger::access(const AccessLogEntry& e) {
  if (!access_enabled_.load(std::memory_order_relaxed)) return;
  std::string line;
  line.reserve(256);
  line += "{\"time\":";
  append_json_string(line, utc_timestamp());
  line += ",\"type\":\"access\",\"request_id\":";
  append_json_string(line, e.request_id);
  line += ",\"method\":";
  append_json_string(line, e.method);
  line += ",\"route\":";
  append_json_string(line, e.route);
  line += ",\"status\":" + std::to_string(e.status);
  line += ",\"duration_us\":" + std::to_string(e.duration_us);
  line += ",\"bytes\":" + std::to_string(e.bytes);
  const std::pair<const char*, std::string_view> optional_fields[] = {
      {"client_id", e.client_id},
      {"orgnr_parent", e.orgnr_parent},
      {"orgnr_child", e.orgnr_child},
      {"hpr_number", e.hpr_number}};
  for (const auto& [name, value] : optional_fields) {
    if (value.empty()) continue;
    line += ",\"";
    line += name;
    line += "\":";
    append_json_string(line, value);
  }
  line += "}\n";
  write_line(std::move(line));
}

void Logger::event(std::string_view level, std::string_view message,
                   const std::vector<std::pair<std::string_view, std::string>>& fields) {
  std::string line = "{\"time\":";
  append_json_string(line, utc_timestamp());
  line += ",\"level\":";
  append_json_string(line, level);
  line += ",\"msg\":";
  append_json_string(line, message);
  for (const auto& [name, value] : fields) {
    line.push_back(',');
    append_json_string(line, name);
    line.push_back(':');
    append_json_string(line, value);
  }
  line += "}\n";
  write_line(std::move(line));
}

void Logger::write_line(std::string line) {
  std::string overflow;
  {
    std::lock_guard lock(mutex_);
    buffer_ += line;
    if (buffer_.size() >= kMaxBuffered) overflow.swap(buffer_);
  }
  if (!overflow.empty()) write_all(overflow);
}

void Logger::flush() {
  std::string pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(buffer_);
  }
  if (!pending.empty()) write_all(pending);
}

void Logger::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_);
    std::string pending;
    pending.swap(buffer_);
    lock.unlock();
    if (!pending.empty()) write_all(pending);
    lock.lock();
  }
}

void Logger::write_all(const std::string& data) {
  std::lock_guard lock(write_mutex_);
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to: drop rather than stall the server
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace gateway::ops
