// Transport settings: threads, limits, timeouts, TLS.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace gateway::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  unsigned threads = 0;        // 0: number of cores
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_connections = 10000;
  std::chrono::milliseconds request_timeout{30000};  // first byte to complete request
  std::chrono::milliseconds idle_timeout{60000};     // keep-alive wait for the next request
  std::chrono::milliseconds shutdown_grace{10000};   // in-flight requests may finish within this
  std::size_t gzip_min_bytes = 1024;
  std::string tls_cert_file;  // PEM; TLS is on when both files are set
  std::string tls_key_file;
  bool handle_signals = true;  // SIGTERM/SIGINT: graceful stop; SIGHUP: reload callback
};

}  // namespace gateway::http
