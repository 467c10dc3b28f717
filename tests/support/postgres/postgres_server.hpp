// A real PostgreSQL 15 server for tests: a cluster in a fresh temporary directory, run as an
// unprivileged user (the `postgres` system user when the tests run as root, since initdb
// refuses root), listening only on 127.0.0.1 on a free port with fsync on. Every step is
// bounded in time; the destructor stops the server and removes the directory unless
// release() handed them over (the CTest fixture program does).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace gateway::testing {

class PostgresServer {
 public:
  // Throws std::runtime_error (with the server log's tail) when the server does not start.
  static std::unique_ptr<PostgresServer> start();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // postgresql://USER:PASSWORD@127.0.0.1:PORT/DATABASE
  std::string url(const std::string& database = "gateway_test") const;
  const std::filesystem::path& directory() const { return root_; }
  // pg_ctl restart -m fast; returns once the server accepts connections again.
  void restart();
  // pg_ctl stop -m fast; the directory stays until the destructor.
  void stop();
  // Leaves the server running and its directory in place after destruction.
  void release() { released_ = true; }

  // Stops a server left in `root` (by a released PostgresServer) and removes `root`. The data
  // is discarded, so this is pg_ctl stop -m immediate (no shutdown checkpoint).
  static void stop_and_remove(const std::filesystem::path& root);

 private:
  PostgresServer(std::filesystem::path root, unsigned short port, std::string password);
  void wait_until_accepting(std::chrono::seconds limit) const;

  std::filesystem::path root_;  // owned by the server's user: data/, server.log, pwfile
  unsigned short port_;
  std::string password_;
  bool released_ = false;
};

// The PostgreSQL binaries of the Debian package.
inline constexpr const char* kPostgresBinDir = "/usr/lib/postgresql/15/bin";

}  // namespace gateway::testing
