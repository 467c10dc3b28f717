// Readiness: checks registered by modules (data loaded, store answers); the first failing
// check's reason is what /health/ready reports, beside standing warnings about how the
// gateway runs (the test issuer).
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gateway::ops {

class Readiness {
 public:
  // `check` returns nullopt when ready, else a short reason safe to show to operators.
  void add_check(std::string name, std::function<std::optional<std::string>()> check);
  // nullopt when every check passes; else "name: reason" of the first failure.
  std::optional<std::string> first_failure() const;
  // A standing warning shown with every readiness answer, ready or not (e.g. "test issuer:
  // ..."); short and safe to show to anyone.
  void add_warning(std::string warning);
  std::vector<std::string> warnings() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::function<std::optional<std::string>()>>> checks_;
  std::vector<std::string> warnings_;
};

}  // namespace gateway::ops
