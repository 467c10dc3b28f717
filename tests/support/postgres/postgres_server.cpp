// Starting and stopping a throw-away PostgreSQL cluster: initdb, pg_ctl and a libpq ping,
// each run with a time limit, as the `postgres` user when this process is root.
#include "postgres/postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace gateway::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

const char* const kUser = "gateway";
const char* const kDatabase = "gateway_test";

// The user the server runs as: nullopt when this process is not root (it runs as itself).
struct ServerUser {
  uid_t uid;
  gid_t gid;
};

std::optional<ServerUser> server_user() {
  if (geteuid() != 0) return std::nullopt;
  const passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    throw std::runtime_error(
        "running as root, but there is no 'postgres' user to run PostgreSQL as "
        "(install postgresql-15: scripts/setup.sh --test)");
  }
  return ServerUser{pw->pw_uid, pw->pw_gid};
}

std::string bin(const char* program) { return std::string(kPostgresBinDir) + "/" + program; }

std::string tail_of(const fs::path& file, std::size_t bytes = 2000) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

// Runs `argv` as the server user with stdout and stderr appended to `output`; the exit code,
// or nullopt if it had to be killed after `limit`.
std::optional<int> run_as_server_user(const std::vector<std::string>& argv, const fs::path& output,
                                      milliseconds limit) {
  const std::optional<ServerUser> user = server_user();
  const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) throw std::runtime_error("cannot open " + output.string());
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out, 1);
    dup2(out, 2);
    const int null_in = open("/dev/null", O_RDONLY);
    dup2(null_in, 0);
    if (user && (setgroups(0, nullptr) != 0 || setgid(user->gid) != 0 || setuid(user->uid) != 0)) {
      _exit(126);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out);
  if (pid < 0) throw std::runtime_error("fork failed");
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
}

void run_or_throw(const std::vector<std::string>& argv, const fs::path& output,
                  milliseconds limit) {
  const std::optional<int> code = run_as_server_user(argv, output, limit);
  if (code == 0) return;
  throw std::runtime_error(
      argv[0] +
      (code ? " failed (exit " + std::to_string(*code) + ")" : std::string(" timed out")) + ":\n" +
      tail_of(output));
}

unsigned short free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("no free loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

std::string random_hex(std::size_t bytes) {
  std::random_device random;
  std::ostringstream out;
  for (std::size_t i = 0; i < bytes; ++i) {
    out << "0123456789abcdef"[random() & 15] << "0123456789abcdef"[random() & 15];
  }
  return out.str();
}

void give_to_server_user(const fs::path& path) {
  if (const auto user = server_user(); user && chown(path.c_str(), user->uid, user->gid) != 0) {
    throw std::runtime_error("cannot chown " + path.string());
  }
}

std::string connection_url(unsigned short port, const std::string& password,
                           const std::string& database) {
  return std::string("postgresql://") + kUser + ":" + password +
         "@127.0.0.1:" + std::to_string(port) + "/" + database + "?connect_timeout=5";
}

// Writes the listening address and durability settings after initdb's defaults.
void configure(const fs::path& data, unsigned short port) {
  std::ofstream conf(data / "postgresql.conf", std::ios::app);
  conf << "\n# test server\n"
       << "listen_addresses = '127.0.0.1'\n"
       << "port = " << port << "\n"
       << "unix_socket_directories = ''\n"
       << "fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n"
       << "max_connections = 100\n";
  if (!conf) throw std::runtime_error("cannot write postgresql.conf");
}

const milliseconds kCommandLimit = seconds(60);

}  // namespace

PostgresServer::PostgresServer(fs::path root, unsigned short port, std::string password)
    : root_(std::move(root)), port_(port), password_(std::move(password)) {}

std::unique_ptr<PostgresServer> PostgresServer::start() {
  std::string pattern = (fs::temp_directory_path() / "fhir-gateway-pg-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  const fs::path root = pattern;
  try {
    give_to_server_user(root);
    const std::string password = random_hex(16);
    {
      std::ofstream pwfile(root / "pwfile");
      pwfile << password << "\n";
    }
    give_to_server_user(root / "pwfile");
    // --no-sync: the bootstrap files need no fsync in a test; the server runs with fsync on.
    run_or_throw({bin("initdb"), "-D", (root / "data").string(), "-U", kUser,
                  "--pwfile=" + (root / "pwfile").string(), "--auth=scram-sha-256", "-E", "UTF8",
                  "--no-locale", "--no-sync"},
                 root / "initdb.log", kCommandLimit);
    fs::remove(root / "pwfile");
    // A port found free may be taken before the server binds it: try a few.
    for (int attempt = 0;; ++attempt) {
      const unsigned short port = free_loopback_port();
      configure(root / "data", port);
      const std::optional<int> started =
          run_as_server_user({bin("pg_ctl"), "start", "-w", "-t", "60", "-D",
                              (root / "data").string(), "-l", (root / "server.log").string()},
                             root / "pg_ctl.log", kCommandLimit);
      if (started == 0) {
        std::unique_ptr<PostgresServer> server(new PostgresServer(root, port, password));
        server->wait_until_accepting(seconds(30));
        PGconn* admin = PQconnectdb(server->url("postgres").c_str());
        PGresult* created = PQexec(admin, (std::string("CREATE DATABASE ") + kDatabase).c_str());
        const bool ok = PQresultStatus(created) == PGRES_COMMAND_OK;
        const std::string message = PQerrorMessage(admin);
        PQclear(created);
        PQfinish(admin);
        if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + message);
        return server;
      }
      if (attempt == 2) {
        throw std::runtime_error("pg_ctl start failed:\n" + tail_of(root / "server.log"));
      }
    }
  } catch (...) {
    stop_and_remove(root);
    throw;
  }
}

PostgresServer::~PostgresServer() {
  if (released_) return;
  stop_and_remove(root_);
}

std::string PostgresServer::url(const std::string& database) const {
  return connection_url(port_, password_, database);
}

void PostgresServer::wait_until_accepting(std::chrono::seconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  const std::string conninfo = url("postgres");
  while (PQping(conninfo.c_str()) != PQPING_OK) {
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("PostgreSQL does not accept connections:\n" +
                               tail_of(root_ / "server.log"));
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
}

void PostgresServer::restart() {
  run_or_throw({bin("pg_ctl"), "restart", "-m", "fast", "-w", "-t", "60", "-D",
                (root_ / "data").string(), "-l", (root_ / "server.log").string()},
               root_ / "pg_ctl.log", kCommandLimit);
  wait_until_accepting(seconds(30));
}

void PostgresServer::stop() {
  run_or_throw(
      {bin("pg_ctl"), "stop", "-m", "fast", "-w", "-t", "60", "-D", (root_ / "data").string()},
      root_ / "pg_ctl.log", kCommandLimit);
}

void PostgresServer::stop_and_remove(const fs::path& root) {
  // The cluster is thrown away: immediate mode skips the shutdown checkpoint (seconds of
  // fsync after a suite's worth of schemas), with fast mode only as the fallback.
  const fs::path data = root / "data";
  if (fs::exists(data / "postmaster.pid")) {
    const auto stopped = run_as_server_user(
        {bin("pg_ctl"), "stop", "-m", "immediate", "-w", "-t", "30", "-D", data.string()},
        root / "pg_ctl.log", seconds(40));
    if (stopped != 0) {
      (void)run_as_server_user(
          {bin("pg_ctl"), "stop", "-m", "fast", "-w", "-t", "30", "-D", data.string()},
          root / "pg_ctl.log", seconds(40));
    }
  }
  std::error_code ignored;
  fs::remove_all(root, ignored);
}

}  // namespace gateway::testing
