// Readiness check evaluation.
#include "ops/readiness.hpp"

namespace gateway::ops {

void Readiness::add_check(std::string name, std::function<std::optional<std::string>()> check) {
  std::lock_guard lock(mutex_);
  checks_.emplace_back(std::move(name), std::move(check));
}

std::optional<std::string> Readiness::first_failure() const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, check] : checks_) {
    if (auto reason = check()) return name + ": " + *reason;
  }
  return std::nullopt;
}

}  // namespace gateway::ops
