// Runs the real fhir-gateway binary as a child process for end-to-end tests: captures its
// output, reads the port it announces, sends signals, waits with a time limit.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gateway::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 if it did not exit normally
  std::string out;
  std::string err;
};

// Runs to completion (killed after `limit`).
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::milliseconds limit = std::chrono::seconds(20));

class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  // Reads stderr JSON lines until the event `msg` ("listening": the API port; "metrics
  // listening": the metrics listener's); returns its port.
  std::optional<unsigned short> wait_for_port(
      std::string_view msg = "listening",
      std::chrono::milliseconds limit = std::chrono::seconds(20));
  void signal(int signo);
  // Waits for exit; returns the exit code, or nullopt on timeout or abnormal exit.
  std::optional<int> wait(std::chrono::milliseconds limit = std::chrono::seconds(20));

 private:
  pid_t pid_ = -1;
  int err_fd_ = -1;
  std::string pending_;
};

}  // namespace gateway::testing
