// Page tokens of next links: search cursors ("<snapshot>.<offset>") and history positions
// ("<sequence>"), as decimal text. Nothing secret is in them; a forged one only moves
// within what the caller's compartment scope lets it see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/search_query.hpp"

namespace gateway::records {

std::string search_page_token(const storage::Cursor& cursor);
std::optional<storage::Cursor> parse_search_page_token(std::string_view token);
std::optional<std::int64_t> parse_history_page_token(std::string_view token);

}  // namespace gateway::records
