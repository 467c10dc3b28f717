// Cursor <-> base64url(JSON) conversion.
#include "medication/search/cursor.hpp"

#include "fhir/json.hpp"
#include "ops/base64url.hpp"

namespace gateway::medication {

std::string_view sort_code(SortKey sort) {
  switch (sort) {
    case SortKey::id:
      return "_id";
    case SortKey::name:
      return "name";
    case SortKey::last_updated:
      return "_lastUpdated";
  }
  return "_id";
}

std::optional<SortKey> parse_sort_code(std::string_view code) {
  for (SortKey key : {SortKey::id, SortKey::name, SortKey::last_updated}) {
    if (sort_code(key) == code) return key;
  }
  return std::nullopt;
}

std::string encode_cursor(const Cursor& c) {
  fhir::Json j = {{"v", 1},    {"s", sort_code(c.sort)}, {"d", c.descending}, {"k", c.key},
                  {"i", c.id}, {"b", c.before}};
  return ops::base64url_encode(j.dump());
}

std::optional<Cursor> decode_cursor(std::string_view token) {
  auto bytes = ops::base64url_decode(token);
  if (!bytes) return std::nullopt;
  auto j = fhir::Json::parse(*bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("v") || j["v"] != 1) return std::nullopt;
  Cursor c;
  try {
    const auto sort = parse_sort_code(j.at("s").get<std::string>());
    if (!sort) return std::nullopt;
    c.sort = *sort;
    c.descending = j.at("d").get<bool>();
    c.key = j.at("k").get<std::string>();
    c.id = j.at("i").get<std::string>();
    c.before = j.at("b").get<bool>();
  } catch (const fhir::Json::exception&) {
    return std::nullopt;
  }
  return c;
}

}  // namespace gateway::medication
