// A fixed pool of read connections; a lease hands one connection to one thread and returns
// it when it goes away.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite/sqlite_connection.hpp"

namespace gateway::storage {

class ReadPool {
 public:
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<SqliteConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(connection_)); }
    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_.get(); }

   private:
    ReadPool& pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  explicit ReadPool(std::vector<std::unique_ptr<SqliteConnection>> connections)
      : free_(std::move(connections)) {}
  // Waits until a connection is free.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<SqliteConnection> connection);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<SqliteConnection>> free_;
};

}  // namespace gateway::storage
