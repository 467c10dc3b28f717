// A bounded pool of PostgreSQL connections. Connections open lazily, up to `size`; one that
// the server closed (a restart, an admin shutdown) or that failed mid-use is dropped and
// replaced by a fresh one on the next acquire, so the pool recovers by itself.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.hpp"

namespace gateway::storage::postgres {

struct PgPoolOptions {
  std::string url;
  std::size_t size = 8;
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a busy pool → unavailable
  std::vector<std::string> session_setup;           // run on every new connection
};

class PgPool {
 public:
  // A connection on loan; back to the pool when the lease goes, unless it is no longer
  // reusable (then it is closed and its slot freed).
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> connection);
    ~Lease();
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConnection& operator*() const { return *connection_; }
    PgConnection* operator->() const { return connection_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> connection_;
  };

  explicit PgPool(PgPoolOptions options);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // unavailable when no connection can be opened or all stay busy for acquire_timeout.
  [[nodiscard]] StoreResult<Lease> acquire();

 private:
  void give_back(std::unique_ptr<PgConnection> connection);

  PgPoolOptions options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::size_t open_ = 0;  // idle + on loan + being opened
};

}  // namespace gateway::storage::postgres
