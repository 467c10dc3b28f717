// The name folding table: Latin-1 Supplement and Latin Extended-A to search keys.
#include "fhir/name_folding.hpp"

#include <cstdint>

namespace gateway::fhir {
namespace {

// æ, ø, å sort after z: they become the bytes following 'z'.
constexpr char kAe = '{';
constexpr char kOe = '|';
constexpr char kAa = '}';

// Fold of one code point U+00C0..U+017F; empty when there is no Latin mapping.
std::string_view fold_latin(std::uint32_t cp) {
  switch (cp) {
    case 0xC6:
    case 0xE6:
    case 0xC4:
    case 0xE4:
      return "{";  // Æ æ Ä ä
    case 0xD8:
    case 0xF8:
    case 0xD6:
    case 0xF6:
      return "|";  // Ø ø Ö ö
    case 0xC5:
    case 0xE5:
      return "}";  // Å å
    case 0xDF:
      return "ss";
    case 0xD0:
    case 0xF0:
      return "d";
    case 0xDE:
    case 0xFE:
      return "th";
    case 0xD7:
      return "x";
    case 0xF7:
      return "/";
    case 0x152:
    case 0x153:
      return "oe";
    default:
      break;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    static constexpr char kLatin1[] =
        "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // C0..DF (upper)
        "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // E0..FF (lower)
    return {&kLatin1[cp - 0xC0], 1};
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A in pairs (upper, lower), base letters.
    static constexpr char kExtA[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    const std::uint32_t index = cp - 0x100;
    if (index < sizeof(kExtA) - 1) return {&kExtA[index], 1};
  }
  return {};
}

// Decodes one UTF-8 sequence at text[i]; returns its length (0 when invalid).
std::size_t decode(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  auto cont = [&](std::size_t k) {
    return i + k < text.size() && (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
  };
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0 && cont(1)) {
    cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
    return 2;
  }
  if ((b0 & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
         (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    return 3;
  }
  if ((b0 & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    cp = 0x10000;  // outside the folding table: copied verbatim
    return 4;
  }
  return 0;
}

}  // namespace

std::string fold_name(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t len = decode(text, i, cp);
    if (len == 0) {
      out.push_back(text[i++]);
      continue;
    }
    std::string_view folded;
    char ascii = 0;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pending_space = !out.empty();
        i += len;
        continue;
      }
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      // The bytes used for æ ø å must not collide with literal punctuation.
      if (c == kAe || c == kOe || c == kAa) c = '~';
      ascii = c;
    } else if (cp == 0xA0) {
      pending_space = !out.empty();
      i += len;
      continue;
    } else {
      folded = fold_latin(cp);
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (ascii)
      out.push_back(ascii);
    else if (!folded.empty())
      out.append(folded);
    else
      out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace gateway::fhir
