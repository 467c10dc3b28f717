// Prometheus rendering of counters, gauges, histograms and callbacks.
#include "ops/metrics.hpp"

#include <gtest/gtest.h>

namespace gateway::ops {
namespace {

TEST(Metrics, RendersCountersWithLabelsOnce) {
  MetricsRegistry r;
  r.counter("requests_total", "Requests", {{"route", "/fhir/metadata"}, {"status", "200"}}).inc(3);
  auto& same =
      r.counter("requests_total", "Requests", {{"route", "/fhir/metadata"}, {"status", "200"}});
  same.inc();
  r.counter("requests_total", "Requests", {{"route", "/x"}, {"status", "404"}}).inc();
  const std::string text = r.render();
  EXPECT_NE(text.find("# TYPE requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("requests_total{route=\"/fhir/metadata\",status=\"200\"} 4\n"),
            std::string::npos);
  EXPECT_NE(text.find("requests_total{route=\"/x\",status=\"404\"} 1\n"), std::string::npos);
  EXPECT_EQ(text.find("# TYPE requests_total"), text.rfind("# TYPE requests_total"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  MetricsRegistry r;
  auto& h = r.histogram("latency_seconds", "Latency", {0.001, 0.01, 0.1});
  h.observe(0.0005);
  h.observe(0.005);
  h.observe(0.005);
  h.observe(5);
  const std::string text = r.render();
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.001\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.01\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.1\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count 4\n"), std::string::npos);
}

TEST(Metrics, GaugesAndCallbacksAndLabelEscaping) {
  MetricsRegistry r;
  auto& g = r.gauge("open_connections", "Open");
  g.add(2);
  g.add(-1);
  double size = 10500;
  r.gauge_callback("catalog_size", "Size", [&] { return size; }, {{"type", "Packaged\"Product"}});
  size = 10501;
  const std::string text = r.render();
  EXPECT_NE(text.find("open_connections 1\n"), std::string::npos);
  EXPECT_NE(text.find("catalog_size{type=\"Packaged\\\"Product\"} 10501\n"), std::string::npos);
}

}  // namespace
}  // namespace gateway::ops
