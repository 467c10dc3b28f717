// The types under reservations and blocks (see protected_types.hpp).
#include "privacy/protected_types.hpp"

#include <algorithm>
#include <array>

namespace gateway::privacy {

bool is_protected_type(std::string_view type) {
  static constexpr std::array<std::string_view, 9> kTypes{
      "AllergyIntolerance", "Binary", "Condition", "Device",   "DeviceUseStatement",
      "DocumentReference",  "Flag",   "List",      "Procedure"};
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

}  // namespace gateway::privacy
