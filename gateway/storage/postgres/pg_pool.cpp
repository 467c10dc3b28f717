// The connection pool: lazy opening, liveness check on loan, replacement of dead connections.
#include "storage/postgres/pg_pool.hpp"

namespace gateway::storage::postgres {

PgPool::Lease::Lease(PgPool* pool, std::unique_ptr<PgConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

PgPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}

PgPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

PgPool::PgPool(PgPoolOptions options) : options_(std::move(options)) {
  if (options_.size == 0) options_.size = 1;
}

StoreResult<PgPool::Lease> PgPool::acquire() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->reusable()) return Lease(this, std::move(connection));
      --open_;  // closed by the server while idle: open a fresh one instead
      lock.unlock();
      connection.reset();
      lock.lock();
    }
    if (open_ < options_.size) break;
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.size) {
      return store_error(
          StoreErrorKind::unavailable,
          "postgres: all " + std::to_string(options_.size) + " pool connections stayed busy");
    }
  }
  ++open_;
  lock.unlock();
  auto connected = PgConnection::connect(options_.url, options_.session_setup);
  if (!connected) {
    lock.lock();
    --open_;
    freed_.notify_one();
    return std::move(connected).take_error();
  }
  return Lease(this, std::move(*connected));
}

void PgPool::give_back(std::unique_ptr<PgConnection> connection) {
  const bool keep = connection->reusable();
  if (!keep) connection.reset();  // closed outside the lock
  std::lock_guard lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  freed_.notify_one();
}

}  // namespace gateway::storage::postgres
