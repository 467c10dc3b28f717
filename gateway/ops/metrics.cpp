// Metric storage and the Prometheus text exposition.
#include "ops/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <variant>

namespace gateway::ops {

struct MetricsRegistry::Series {
  Labels labels;
  std::variant<std::unique_ptr<Counter>, std::unique_ptr<Gauge>, std::unique_ptr<Histogram>,
               std::function<double()>>
      metric;
};

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  const char* type;
  std::vector<std::unique_ptr<Series>> series;
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

void Gauge::add(double d) {
  double current = value_.load(std::memory_order_relaxed);
  while (!value_.compare_exchange_weak(current, current + d, std::memory_order_relaxed)) {
  }
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double v) {
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  double current = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(current, current + v, std::memory_order_relaxed)) {
  }
}

std::vector<std::uint64_t> Histogram::bucket_counts() const {
  std::vector<std::uint64_t> out;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out.push_back(running);
  }
  return out;
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& help,
                                                 const char* type) {
  for (auto& f : families_) {
    if (f->name == name) return *f;
  }
  families_.push_back(std::make_unique<Family>(Family{name, help, type, {}}));
  return *families_.back();
}

MetricsRegistry::Series* MetricsRegistry::find(Family& f, const Labels& labels) {
  for (auto& s : f.series) {
    if (s->labels == labels) return s.get();
  }
  return nullptr;
}

template <class Metric, class Make>
Metric& MetricsRegistry::series_of(Family& f, const Labels& labels, Make make) {
  if (Series* s = find(f, labels)) return *std::get<std::unique_ptr<Metric>>(s->metric);
  auto metric = make();
  Metric& ref = *metric;
  f.series.push_back(std::make_unique<Series>(Series{labels, std::move(metric)}));
  return ref;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                  const Labels& labels) {
  std::lock_guard lock(mutex_);
  return series_of<Counter>(family(name, help, "counter"), labels,
                            [] { return std::make_unique<Counter>(); });
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                              const Labels& labels) {
  std::lock_guard lock(mutex_);
  return series_of<Gauge>(family(name, help, "gauge"), labels,
                          [] { return std::make_unique<Gauge>(); });
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      const std::vector<double>& upper_bounds,
                                      const Labels& labels) {
  std::lock_guard lock(mutex_);
  return series_of<Histogram>(family(name, help, "histogram"), labels,
                              [&] { return std::make_unique<Histogram>(upper_bounds); });
}

void MetricsRegistry::gauge_callback(const std::string& name, const std::string& help,
                                     std::function<double()> read, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, "gauge");
  if (Series* s = find(f, labels)) {
    s->metric = std::move(read);
    return;
  }
  f.series.push_back(std::make_unique<Series>(Series{labels, std::move(read)}));
}

namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string label_text(const Labels& labels, const std::string& extra_name = {},
                       const std::string& extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k + "=\"" + escape_label(v) + "\"";
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name + "=\"" + extra_value + "\"";
  }
  return out + "}";
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  for (const auto& f : families_) {
    out << "# HELP " << f->name << ' ' << f->help << '\n';
    out << "# TYPE " << f->name << ' ' << f->type << '\n';
    for (const auto& s : f->series) {
      std::visit(
          [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, std::unique_ptr<Counter>>) {
              out << f->name << label_text(s->labels) << ' ' << m->value() << '\n';
            } else if constexpr (std::is_same_v<T, std::unique_ptr<Gauge>>) {
              out << f->name << label_text(s->labels) << ' ' << number(m->value()) << '\n';
            } else if constexpr (std::is_same_v<T, std::function<double()>>) {
              out << f->name << label_text(s->labels) << ' ' << number(m()) << '\n';
            } else {
              const auto counts = m->bucket_counts();
              const auto& bounds = m->upper_bounds();
              for (std::size_t i = 0; i < counts.size(); ++i) {
                const std::string le = i < bounds.size() ? number(bounds[i]) : "+Inf";
                out << f->name << "_bucket" << label_text(s->labels, "le", le) << ' ' << counts[i]
                    << '\n';
              }
              out << f->name << "_sum" << label_text(s->labels) << ' ' << number(m->sum()) << '\n';
              out << f->name << "_count" << label_text(s->labels) << ' ' << m->count() << '\n';
            }
          },
          s->metric);
    }
  }
  return out.str();
}

}  // namespace gateway::ops
