// Opaque paging cursors: the sort key of a boundary row, independent of any catalog
// generation, so a cursor from one catalog keeps working after a reload (keyset paging).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gateway::medication {

enum class SortKey { id, name, last_updated };

// The _sort parameter code of a key ("_id", "name", "_lastUpdated") and back.
std::string_view sort_code(SortKey sort);
std::optional<SortKey> parse_sort_code(std::string_view code);

struct Cursor {
  SortKey sort = SortKey::id;
  bool descending = false;
  std::string key;      // sort key of the boundary row ("" for SortKey::id)
  std::string id;       // id of the boundary row (the tie breaker)
  bool before = false;  // false: rows after the boundary (next); true: rows before (previous)
};

std::string encode_cursor(const Cursor& cursor);              // base64url, no padding
std::optional<Cursor> decode_cursor(std::string_view token);  // nullopt when malformed

}  // namespace gateway::medication
