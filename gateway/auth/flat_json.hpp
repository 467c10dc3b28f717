// A JSON object read without building a DOM (nlohmann's SAX interface): the string and
// number members a caller names land in its slots, one nested object can be read the same
// way, and everything else is only checked for syntax. For the small JOSE objects a request
// carries (the DPoP proof header and payload), where a DOM costs more than the checks.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gateway::auth {

// One member to capture. A member of another type than the slot asks for leaves the slot
// empty but still sets `present`.
struct JsonSlot {
  std::string_view name;
  std::optional<std::string>* text = nullptr;     // a string member
  std::optional<std::int64_t>* number = nullptr;  // a NumericDate-like number (floored)
  bool* present = nullptr;                        // set when the member exists, any type
};

struct FlatJsonShape {
  std::span<const JsonSlot> members;         // of the top-level object
  std::string_view nested;                   // name of a member read as an object, or empty
  std::span<const JsonSlot> nested_members;  // of that object
  bool* nested_is_object = nullptr;          // set when `nested` is present and an object
};

// False when `text` is not one JSON object, or when an object at the captured levels
// repeats a member name; the slots are then unspecified.
[[nodiscard]] bool read_flat_json(std::string_view text, const FlatJsonShape& shape);

}  // namespace gateway::auth
