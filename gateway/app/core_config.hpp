// The gateway's own settings (transport, metrics listener, worker pool, data dir, paging,
// public URL, access rules, test mode) and their validation.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/stages.hpp"
#include "audit/audit_queue.hpp"
#include "fhir/search_common.hpp"
#include "http/server_options.hpp"
#include "ops/settings.hpp"
#include "ops/worker_pool.hpp"
#include "privacy/disclosure_decision.hpp"

namespace gateway::app {

struct CoreConfig {
  http::ServerOptions server;
  // The second listener serving only GET /metrics and /health/live, in plain HTTP; none when
  // metrics_listen is empty.
  std::optional<http::ServerOptions> metrics_server;
  std::string data_dir;
  // Where resources are stored: empty = SQLite in data_dir (one process); a postgres:// or
  // postgresql:// URL = PostgreSQL, shared by replicas (the DPoP replay cache too).
  std::string store;
  // SQLite: how long a write waits for a lock another process holds before it fails.
  std::chrono::milliseconds store_busy_timeout{5000};
  std::string public_url;               // external origin (+ optional prefix), no trailing slash
  bool public_url_from_listen = false;  // not configured: redone once port 0 is bound
  fhir::PagingLimits paging;
  ops::WorkerPoolOptions workers;
  audit::AuditQueueOptions audit;
  bool log_access = true;
  privacy::PrivacySettings privacy;
  AccessRules access;
  // Test mode: with no issuer configured, trust the local test issuer in DATA_DIR/test-issuer.
  // Without it and without an issuer the gateway does not start. NOT FOR PRODUCTION.
  bool test_issuer = false;
  bool audit_enabled = true;  // false only in test mode: the audit benchmark's baseline

  std::string fhir_base() const { return public_url + "/fhir"; }
  bool store_is_postgres() const { return !store.empty(); }
};

std::vector<ops::SettingSpec> core_setting_specs();
// The public URL when none is configured: the listen address and `port` (the bound one).
std::string default_public_url(const http::ServerOptions& server, unsigned short port);
// Reads the core keys; problems are collected in `reader.errors()`.
CoreConfig read_core_config(ops::SettingsReader& reader);

}  // namespace gateway::app
