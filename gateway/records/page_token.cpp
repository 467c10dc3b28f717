// Page token text.
#include "records/page_token.hpp"

#include <charconv>

namespace gateway::records {
namespace {

std::optional<std::int64_t> non_negative(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string search_page_token(const storage::Cursor& cursor) {
  return std::to_string(cursor.snapshot) + "." + std::to_string(cursor.offset);
}

std::optional<storage::Cursor> parse_search_page_token(std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto snapshot = non_negative(token.substr(0, dot));
  auto offset = non_negative(token.substr(dot + 1));
  if (!snapshot || !offset) return std::nullopt;
  return storage::Cursor{*snapshot, *offset};
}

std::optional<std::int64_t> parse_history_page_token(std::string_view token) {
  return non_negative(token);
}

}  // namespace gateway::records
