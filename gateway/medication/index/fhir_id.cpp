// FEST Id -> FHIR id conversion and the stable hash behind derived ids and versions.
#include "medication/index/fhir_id.hpp"

#include <cstdio>

namespace gateway::medication {

std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

std::string fhir_id(std::string_view prefix, std::string_view fest_id) {
  std::string id(prefix);
  id.reserve(prefix.size() + fest_id.size());
  for (char c : fest_id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    id.push_back(ok ? c : '-');
  }
  if (id.empty()) id.push_back('x');
  if (id.size() > 64) {
    const std::string hash = hex64(stable_hash(id));
    id.resize(47);
    id.push_back('-');
    id.append(hash);
  }
  return id;
}

}  // namespace gateway::medication
