// The read connection pool.
#include "storage/sqlite/read_pool.hpp"

namespace gateway::storage {

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !free_.empty(); });
  auto connection = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(connection));
}

void ReadPool::give_back(std::unique_ptr<SqliteConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace gateway::storage
