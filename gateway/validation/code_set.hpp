// The lookup structure of an expanded value set or a code system: per system, its codes in a
// hash set hashed and compared without regard to ASCII case, so one structure serves
// case-sensitive, case-insensitive and not-known-case systems; lookups take string_views and
// never allocate.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace gateway::validation {

enum class Membership {
  member,
  not_member,
  unknown
};  // unknown: the value set cannot be expanded here

// How a system compares codes: CodeSystem.caseSensitive true, false, or not known (the system
// is not loaded or does not say). For a not-known system an exact match is a member, a match
// that differs only in case is unknown.
enum class CaseRule { sensitive, insensitive, not_known };

struct FoldedHash {
  using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard name
  std::size_t operator()(std::string_view text) const noexcept;
};
struct FoldedEqual {
  using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard name
  bool operator()(std::string_view left, std::string_view right) const noexcept;
};

// The codes of one system.
struct SystemCodes {
  std::string system;
  CaseRule rule = CaseRule::not_known;
  std::unordered_multiset<std::string, FoldedHash, FoldedEqual> codes;

  // member, not_member, or unknown for a case-only match under CaseRule::not_known.
  [[nodiscard]] Membership find(std::string_view code) const;
};

// A finished set of codes: `open` when there may be members beyond `systems` (part of the
// definition could not be expanded here), so a code not found is unknown, not a non-member.
struct CodeSet {
  std::vector<SystemCodes> systems;  // a handful per value set: searched in order
  bool open = false;

  [[nodiscard]] Membership find(std::string_view system, std::string_view code) const;
  [[nodiscard]] Membership find_code(std::string_view code) const;  // under any system
};

}  // namespace gateway::validation
