// Stable FHIR resource ids derived from FEST object Ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gateway::medication {

// "ID_ABC-12" -> "ID-ABC-12"; `prefix` ("mid-") is prepended. Characters outside
// [A-Za-z0-9-.] become '-'; ids longer than 64 are shortened with a hash suffix so that they
// stay unique and stable across imports.
std::string fhir_id(std::string_view prefix, std::string_view fest_id);
// 64-bit FNV-1a: stable across runs and platforms (ids, versionIds).
inline constexpr std::uint64_t kStableHashSeed = 1469598103934665603ULL;
// FNV-1a; pass the previous result as `seed` to hash a sequence of pieces.
std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = kStableHashSeed);
std::string hex64(std::uint64_t value);

}  // namespace gateway::medication
