// Readiness check evaluation and standing warnings.
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

void Readiness::add_warning(std::string warning) {
  std::lock_guard lock(mutex_);
  warnings_.push_back(std::move(warning));
}

std::vector<std::string> Readiness::warnings() const {
  std::lock_guard lock(mutex_);
  return warnings_;
}

}  // namespace gateway::ops
