// Prometheus metrics: counters, gauges and histograms that modules register once and
// update lock-free on the hot path; rendered in the Prometheus text format.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gateway::ops {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double v);
  const std::vector<double>& upper_bounds() const { return bounds_; }
  std::vector<std::uint64_t> bucket_counts() const;  // cumulative, one per bound, then +Inf
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // non-cumulative, bounds + 1
  std::atomic<double> sum_{0};
  std::atomic<std::uint64_t> count_{0};
};

// Owns every metric; references it hands out stay valid for its lifetime. Registration
// takes a lock; updating a metric does not.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& upper_bounds, const Labels& labels = {});
  // A gauge whose value is read from `read` at scrape time.
  void gauge_callback(const std::string& name, const std::string& help,
                      std::function<double()> read, const Labels& labels = {});

  std::string render() const;  // Prometheus text exposition format 0.0.4

 private:
  struct Series;
  struct Family;
  Family& family(const std::string& name, const std::string& help, const char* type);
  Series* find(Family& f, const Labels& labels);
  // The series of `f` with these labels, created by `make` on first use (lock held).
  template <class Metric, class Make>
  Metric& series_of(Family& f, const Labels& labels, Make make);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
};

}  // namespace gateway::ops
