// Core settings: declaration, defaults and validation.
#include "app/core_config.hpp"

#include <algorithm>
#include <limits>

namespace gateway::app {

std::vector<ops::SettingSpec> core_setting_specs() {
  return {
      {"listen", "127.0.0.1:8080", "HOST:PORT to listen on (port 0 picks a free port)"},
      {"metrics_listen", "127.0.0.1:9464",
       "HOST:PORT of the plain-HTTP listener serving only GET /metrics and /health/live (empty: "
       "none; /metrics on the API port needs the admin scope either way)"},
      {"data_dir", "./data", "directory for the SQLite database and catalog snapshots"},
      {"store", "",
       "resource store: empty = SQLite in data_dir; postgres://USER:PASSWORD@HOST:PORT/DB = "
       "PostgreSQL shared by replicas (the DPoP replay cache is then shared too)"},
      {"store_busy_timeout_ms", "5000",
       "SQLite: how long a write waits for a file another process has locked before it is "
       "answered 503 with Retry-After"},
      {"public_url", "",
       "external base URL clients use, e.g. https://fhir.example.no (default: from listen)"},
      {"threads", "0", "I/O worker threads (0: number of cores)"},
      {"max_header_bytes", "16384", "largest request header block; larger gets 431"},
      {"max_body_bytes", "1048576", "largest request body; larger gets 413"},
      {"max_connections", "10000", "open connections at most; more get 503"},
      {"request_timeout_ms", "30000", "time to receive a whole request; slower gets 408"},
      {"idle_timeout_ms", "60000", "keep-alive wait for the next request"},
      {"shutdown_grace_ms", "10000", "time in-flight requests get to finish on SIGTERM"},
      {"gzip_min_bytes", "1024", "smallest response body that is gzip-compressed when accepted"},
      {"tls_cert", "", "PEM certificate chain; with tls_key enables TLS"},
      {"tls_key", "", "PEM private key for tls_cert"},
      {"count_default", "20", "search page size when _count is absent"},
      {"count_max", "500", "largest _count honoured"},
      {"worker_threads", "8", "threads for handlers that may block (storage, network)"},
      {"worker_queue", "1024", "requests waiting for a worker thread at most; more get 503"},
      {"audit_queue", "8192",
       "audit records waiting to be written at most; requests beyond it get 503"},
      {"audit_batch", "512", "audit records committed in one store transaction at most"},
      {"audit", "true",
       "record an AuditEvent for every patient-data request; false is allowed only in test "
       "mode (test_issuer), as the baseline of the audit benchmark"},
      {"restricted_label_roles", "LE",
       "HPR authorisations (comma-separated) that may see resources labelled R (restricted); "
       "V and NORS are withheld from all health personnel"},
      {"log_access", "true", "write one JSON access-log line per request to stderr"},
      {"grunndata_public", "false",
       "serve medication master data without a token (it is public data)"},
      {"test_issuer", "false",
       "test mode: with no issuer set, trust a locally generated test issuer in "
       "DATA_DIR/test-issuer (NOT FOR PRODUCTION); without it an issuer is required"},
  };
}

std::string default_public_url(const http::ServerOptions& server, unsigned short port) {
  const std::string scheme = server.tls_cert_file.empty() ? "http://" : "https://";
  const std::string host = server.host == "0.0.0.0" ? "localhost" : server.host;
  return scheme + host + ":" + std::to_string(port);
}

namespace {

// HOST:PORT (HOST may be a bracketed IPv6 address) into `server`; problems name `key`.
void read_host_port(ops::SettingsReader& reader, const std::string& key, const std::string& text,
                    http::ServerOptions& server) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    reader.add_error(key + ": '" + text + "' is not HOST:PORT");
    return;
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  server.host = host;
  ops::SettingsReader port_reader({{"port", text.substr(colon + 1)}});
  server.port = static_cast<unsigned short>(port_reader.integer("port", server.port, 0, 65535));
  for (const auto& e : port_reader.errors())
    reader.add_error(key + ": port " + e.substr(e.find('\'')));
}

// The metrics listener: plain HTTP, one thread, a few connections, no request bodies, the
// API's timeouts; the process's signals stay with the API listener.
http::ServerOptions metrics_server_options(const http::ServerOptions& api) {
  http::ServerOptions o;
  o.threads = 1;
  o.max_connections = 64;
  o.max_header_bytes = 8192;
  o.max_body_bytes = 0;
  o.request_timeout = api.request_timeout;
  o.idle_timeout = api.idle_timeout;
  o.shutdown_grace = std::min(api.shutdown_grace, std::chrono::milliseconds(2000));
  o.handle_signals = false;
  return o;
}

}  // namespace

CoreConfig read_core_config(ops::SettingsReader& reader) {
  CoreConfig c;
  read_host_port(reader, "listen", reader.text("listen", "127.0.0.1:8080"), c.server);
  c.data_dir = reader.text("data_dir", "./data");
  c.store = reader.text("store");
  if (!c.store.empty() && c.store.rfind("postgres://", 0) != 0 &&
      c.store.rfind("postgresql://", 0) != 0) {
    // The value may hold a password: the message does not repeat it.
    reader.add_error("store: must be empty (SQLite) or a postgres:// URL");
  }
  c.store_busy_timeout =
      std::chrono::milliseconds(reader.integer("store_busy_timeout_ms", 5000, 0, 600000));
  c.server.threads = static_cast<unsigned>(reader.integer("threads", 0, 0, 256));
  c.server.max_header_bytes =
      static_cast<std::size_t>(reader.integer("max_header_bytes", 16384, 1024, 1 << 20));
  c.server.max_body_bytes =
      static_cast<std::size_t>(reader.integer("max_body_bytes", 1 << 20, 0, 1LL << 30));
  c.server.max_connections =
      static_cast<std::size_t>(reader.integer("max_connections", 10000, 1, 1000000));
  c.server.request_timeout =
      std::chrono::milliseconds(reader.integer("request_timeout_ms", 30000, 10, 3600000));
  c.server.idle_timeout =
      std::chrono::milliseconds(reader.integer("idle_timeout_ms", 60000, 10, 3600000));
  c.server.shutdown_grace =
      std::chrono::milliseconds(reader.integer("shutdown_grace_ms", 10000, 0, 600000));
  c.server.gzip_min_bytes = static_cast<std::size_t>(
      reader.integer("gzip_min_bytes", 1024, 0, std::numeric_limits<std::int32_t>::max()));
  c.server.tls_cert_file = reader.text("tls_cert");
  c.server.tls_key_file = reader.text("tls_key");
  if (c.server.tls_cert_file.empty() != c.server.tls_key_file.empty()) {
    reader.add_error("tls_cert and tls_key must be set together");
  }
  // Empty (set to nothing in any source) turns the metrics listener off.
  const std::string metrics = reader.configured("metrics_listen").value_or("127.0.0.1:9464");
  if (!metrics.empty()) {
    http::ServerOptions o = metrics_server_options(c.server);
    read_host_port(reader, "metrics_listen", metrics, o);
    if (o.port != 0 && o.port == c.server.port && o.host == c.server.host) {
      reader.add_error("metrics_listen: '" + metrics + "' is the API's listen address");
    }
    c.metrics_server = o;
  }
  c.paging.default_count = static_cast<std::size_t>(reader.integer("count_default", 20, 0, 10000));
  c.paging.max_count = static_cast<std::size_t>(reader.integer("count_max", 500, 1, 10000));
  if (c.paging.default_count > c.paging.max_count) {
    reader.add_error("count_default must not exceed count_max");
  }
  c.workers.threads = static_cast<std::size_t>(reader.integer("worker_threads", 8, 1, 1024));
  c.workers.queue = static_cast<std::size_t>(reader.integer("worker_queue", 1024, 1, 1000000));
  c.audit.capacity = static_cast<std::size_t>(reader.integer("audit_queue", 8192, 1, 1000000));
  c.audit.max_batch = static_cast<std::size_t>(reader.integer("audit_batch", 512, 1, 10000));
  c.log_access = reader.boolean("log_access", true);
  c.privacy.restricted_label_roles = reader.list("restricted_label_roles", "LE");
  c.access.grunndata_public = reader.boolean("grunndata_public", false);
  c.test_issuer = reader.boolean("test_issuer", false);
  c.audit_enabled = reader.boolean("audit", true);
  if (!c.audit_enabled && !c.test_issuer) {
    reader.add_error("audit: can be turned off only in test mode (test_issuer = true)");
  }
  std::string public_url = reader.text("public_url");
  c.public_url_from_listen = public_url.empty();
  if (public_url.empty()) public_url = default_public_url(c.server, c.server.port);
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  if (public_url.rfind("http://", 0) != 0 && public_url.rfind("https://", 0) != 0) {
    reader.add_error("public_url: '" + public_url + "' must start with http:// or https://");
  }
  c.public_url = public_url;
  return c;
}

}  // namespace gateway::app
