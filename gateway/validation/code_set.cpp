// Case-folding hashing and comparison, and the membership answers of CodeSet.
#include "validation/code_set.hpp"

namespace gateway::validation {

namespace {

constexpr unsigned char fold(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u + ('a' - 'A')) : u;
}

}  // namespace

std::size_t FoldedHash::operator()(std::string_view text) const noexcept {
  std::size_t hash = 14695981039346656037ULL;  // FNV-1a
  for (char c : text) {
    hash ^= fold(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool FoldedEqual::operator()(std::string_view left, std::string_view right) const noexcept {
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (fold(left[i]) != fold(right[i])) return false;
  }
  return true;
}

Membership SystemCodes::find(std::string_view code) const {
  const auto [first, last] = codes.equal_range(code);
  if (first == last) return Membership::not_member;
  if (rule == CaseRule::insensitive) return Membership::member;
  for (auto it = first; it != last; ++it) {
    if (*it == code) return Membership::member;
  }
  return rule == CaseRule::not_known ? Membership::unknown : Membership::not_member;
}

Membership CodeSet::find(std::string_view system, std::string_view code) const {
  for (const SystemCodes& codes : systems) {
    if (codes.system != system) continue;
    const Membership found = codes.find(code);
    if (found != Membership::not_member) return found;
    break;
  }
  return open ? Membership::unknown : Membership::not_member;
}

Membership CodeSet::find_code(std::string_view code) const {
  bool maybe = open;
  for (const SystemCodes& codes : systems) {
    const Membership found = codes.find(code);
    if (found == Membership::member) return found;
    if (found == Membership::unknown) maybe = true;
  }
  return maybe ? Membership::unknown : Membership::not_member;
}

}  // namespace gateway::validation
