// Cursor <-> base64url(JSON) conversion.
#include "medication/search_cursor.hpp"

#include <array>

#include "fhir/json.hpp"

namespace gateway::medication {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

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

}  // namespace

std::string encode_cursor(const Cursor& c) {
  fhir::Json j = {{"v", 1},    {"s", sort_code(c.sort)}, {"d", c.descending}, {"k", c.key},
                  {"i", c.id}, {"b", c.before}};
  return base64url(j.dump());
}

std::optional<Cursor> decode_cursor(std::string_view token) {
  auto bytes = unbase64url(token);
  if (!bytes) return std::nullopt;
  auto j = fhir::Json::parse(*bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("v") || j["v"] != 1) return std::nullopt;
  Cursor c;
  try {
    const std::string sort = j.at("s").get<std::string>();
    if (sort == "_id")
      c.sort = SortKey::id;
    else if (sort == "name")
      c.sort = SortKey::name;
    else if (sort == "_lastUpdated")
      c.sort = SortKey::last_updated;
    else
      return std::nullopt;
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
