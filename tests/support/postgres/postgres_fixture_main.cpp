// The CTest fixture around one PostgreSQL server shared by the suites that need one:
//   postgres_fixture start DIR   starts a server, writes its URL to DIR/url (and where it
//                                lives to DIR/root), and leaves it running;
//   postgres_fixture stop DIR    stops that server and removes its directory.
// Tests with FIXTURES_REQUIRED postgres find DIR/url through GATEWAY_TEST_POSTGRES_URL_FILE.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "postgres/postgres_server.hpp"

namespace {

namespace fs = std::filesystem;

void stop_recorded(const fs::path& dir) {
  std::ifstream in(dir / "root");
  std::string root;
  if (std::getline(in, root) && !root.empty()) {
    gateway::testing::PostgresServer::stop_and_remove(root);
  }
  fs::remove(dir / "root");
  fs::remove(dir / "url");
}

void start(const fs::path& dir) {
  fs::create_directories(dir);
  stop_recorded(dir);  // a server a killed run left behind
  const auto began = std::chrono::steady_clock::now();
  auto server = gateway::testing::PostgresServer::start();
  std::ofstream(dir / "root") << server->directory().string() << "\n";
  std::ofstream url(dir / "url");
  url << server->url() << "\n";
  if (!url) throw std::runtime_error("cannot write " + (dir / "url").string());
  server->release();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - began);
  std::cout << "PostgreSQL started in " << took.count() << " ms\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "start" && std::string(argv[1]) != "stop")) {
    std::cerr << "usage: postgres_fixture start|stop DIR\n";
    return 2;
  }
  try {
    if (std::string(argv[1]) == "start") {
      start(argv[2]);
    } else {
      const auto began = std::chrono::steady_clock::now();
      stop_recorded(argv[2]);
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - began);
      std::cout << "PostgreSQL stopped in " << took.count() << " ms\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "postgres_fixture " << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
