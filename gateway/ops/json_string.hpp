// Writing JSON string literals without a JSON tree: for log lines and for bundles that splice
// pre-serialised resources.
#pragma once

#include <string>
#include <string_view>

namespace gateway::ops {

// Appends `text` (UTF-8) to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace gateway::ops
