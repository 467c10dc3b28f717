// Connection registry, request ids and transport metrics.
#include "http/server_state.hpp"

#include <openssl/rand.h>

#include <cstdio>

namespace gateway::http::detail {

ServerState::ServerState(ServerOptions opts, Handlers h, ops::MetricsRegistry& m, ops::Logger& l)
    : options(std::move(opts)),
      handlers(std::move(h)),
      metrics(m),
      logger(l),
      in_flight(m.gauge("gateway_http_requests_in_flight", "Requests being handled now")),
      open_connections_gauge(m.gauge("gateway_http_open_connections", "Open client connections")),
      bytes_out(m.counter("gateway_http_response_bytes_total", "Response body bytes sent")),
      rejected_connections(m.counter("gateway_http_rejected_connections_total",
                                     "Connections refused at the max_connections limit")),
      malformed_requests(m.counter("gateway_http_malformed_requests_total",
                                   "Requests rejected by the HTTP parser or a limit")) {
  unsigned char random[6];
  if (RAND_bytes(random, sizeof random) != 1) {
    for (auto& b : random) b = 0;
  }
  char hex[16];
  for (std::size_t i = 0; i < sizeof random; ++i) std::snprintf(hex + 2 * i, 3, "%02x", random[i]);
  request_id_prefix = std::string(hex, 12) + "-";
}

std::string ServerState::next_request_id() {
  const std::uint64_t n = request_counter.fetch_add(1, std::memory_order_relaxed);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(n));
  return request_id_prefix + buf;
}

}  // namespace gateway::http::detail
