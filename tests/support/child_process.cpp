// Child processes for end-to-end tests (fork/exec, pipes, poll).
#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

namespace gateway::testing {
namespace {

pid_t spawn(const std::vector<std::string>& argv, int out_fd, int err_fd) {
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

std::optional<int> wait_pid(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      return WIFEXITED(status) ? std::optional<int>(WEXITSTATUS(status)) : std::optional<int>(-1);
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Reads both pipes until the child closes them or `deadline` passes; false on the deadline.
bool drain_until(int out_fd, std::string& out, int err_fd, std::string& err,
                 std::chrono::steady_clock::time_point deadline) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* into[2] = {&out, &err};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        into[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        fds[i].fd = -1;  // EOF: poll ignores negative descriptors
      }
    }
  }
  return true;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) return {};
  const pid_t pid = spawn(argv, out[1], err[1]);
  close(out[1]);
  close(err[1]);
  ProcessResult result;
  std::optional<int> code;
  if (drain_until(out[0], result.out, err[0], result.err, deadline)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    code = wait_pid(pid, std::max(left, std::chrono::milliseconds(1000)));  // it is exiting
  }
  if (!code) {  // still running after `limit`: killed, and the result says so (-1)
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  close(out[0]);
  close(err[0]);
  result.exit_code = code.value_or(-1);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int err[2];
  if (pipe(err) != 0) return;
  const int devnull = open("/dev/null", O_WRONLY);
  pid_ = spawn(argv, devnull, err[1]);
  close(devnull);
  close(err[1]);
  err_fd_ = err[0];
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !wait(std::chrono::milliseconds(0))) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (err_fd_ >= 0) close(err_fd_);
}

std::optional<unsigned short> ChildProcess::wait_for_port(std::string_view msg,
                                                          std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::size_t nl;
    while ((nl = pending_.find('\n')) != std::string::npos) {
      const std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      auto event = nlohmann::json::parse(line, nullptr, false);
      if (event.is_object() && event.value("msg", "") == msg) {
        return static_cast<unsigned short>(std::stoi(event.value("port", "0")));
      }
    }
    pollfd p{err_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[4096];
      const ssize_t n = read(err_fd_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      pending_.append(buf, static_cast<std::size_t>(n));
    }
  }
  return std::nullopt;
}

void ChildProcess::signal(int signo) { kill(pid_, signo); }

std::optional<int> ChildProcess::wait(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return std::nullopt;
  auto code = wait_pid(pid_, limit);
  if (code) pid_ = -1;
  return code;
}

}  // namespace gateway::testing
