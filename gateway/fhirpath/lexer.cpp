// FHIRPath lexer: identifiers, delimited identifiers, strings with escapes, numbers, date/time
// literals, %constants, $variables, operators; skips whitespace and comments.
#include "fhirpath/lexer.hpp"

#include <cctype>

namespace gateway::fhirpath {

namespace {

bool is_identifier_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_identifier_char(char c) {
  return is_identifier_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

FhirPathError syntax_error(std::string message, std::size_t position) {
  return FhirPathError{ErrorKind::syntax, std::move(message), position};
}

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>, FhirPathError> run() {
    std::vector<Token> tokens;
    while (true) {
      if (auto skipped = skip_space_and_comments(); !skipped)
        return std::move(skipped).take_error();
      if (at_ >= text_.size()) break;
      auto token = next();
      if (!token) return std::move(token).take_error();
      tokens.push_back(std::move(*token));
    }
    tokens.push_back(Token{TokenKind::end, "", text_.size()});
    return tokens;
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }

  Result<void, FhirPathError> skip_space_and_comments() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        ++at_;
      } else if (c == '/' && peek(1) == '/') {
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else if (c == '/' && peek(1) == '*') {
        const std::size_t end = text_.find("*/", at_ + 2);
        if (end == std::string_view::npos) return syntax_error("unterminated comment", at_);
        at_ = end + 2;
      } else {
        break;
      }
    }
    return {};
  }

  Result<Token, FhirPathError> next() {
    const std::size_t start = at_;
    const char c = text_[at_];
    if (is_identifier_start(c)) {
      while (at_ < text_.size() && is_identifier_char(text_[at_])) ++at_;
      return Token{TokenKind::identifier, std::string(text_.substr(start, at_ - start)), start};
    }
    if (is_digit(c)) return number(start);
    if (c == '\'' || c == '`') {
      auto body = quoted(c);
      if (!body) return std::move(body).take_error();
      return Token{c == '\'' ? TokenKind::string : TokenKind::delimited_identifier,
                   std::move(*body), start};
    }
    if (c == '@') return date_time(start);
    if (c == '%') return external_constant(start);
    if (c == '$') {
      ++at_;
      const std::size_t name_start = at_;
      while (at_ < text_.size() && is_identifier_char(text_[at_])) ++at_;
      if (at_ == name_start) return syntax_error("expected a name after '$'", start);
      return Token{TokenKind::special_variable,
                   std::string(text_.substr(name_start, at_ - name_start)), start};
    }
    if ((c == '<' || c == '>' || c == '!') && peek(1) == '=') {
      at_ += 2;
      return Token{TokenKind::symbol, std::string(text_.substr(start, 2)), start};
    }
    if (c == '!' && peek(1) == '~') {
      at_ += 2;
      return Token{TokenKind::symbol, "!~", start};
    }
    static constexpr std::string_view kSingle = ".[](),+-*/&|<>=~{}";
    if (kSingle.find(c) != std::string_view::npos) {
      ++at_;
      return Token{TokenKind::symbol, std::string(1, c), start};
    }
    return syntax_error(std::string("unexpected character '") + c + "'", start);
  }

  Result<Token, FhirPathError> number(std::size_t start) {
    while (at_ < text_.size() && is_digit(text_[at_])) ++at_;
    if (peek() == '.' && is_digit(peek(1))) {
      ++at_;
      while (at_ < text_.size() && is_digit(text_[at_])) ++at_;
    }
    if (at_ < text_.size() && is_identifier_start(text_[at_]) && text_[at_] != 'L') {
      // A number directly followed by letters (12abc) is not a token of the grammar, except the
      // calendar-unit words handled by the parser after a space.
      if (!std::isspace(static_cast<unsigned char>(peek()))) {
        return syntax_error("malformed number", start);
      }
    }
    if (peek() == 'L') ++at_;  // long literal: same value
    std::string text(text_.substr(start, at_ - start));
    if (!text.empty() && text.back() == 'L') text.pop_back();
    return Token{TokenKind::number, std::move(text), start};
  }

  // The body of '...' or `...`, escapes resolved; at_ is on the opening quote.
  Result<std::string, FhirPathError> quoted(char quote) {
    const std::size_t start = at_;
    ++at_;
    std::string out;
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == quote) return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) break;
      const char e = text_[at_++];
      switch (e) {
        case '\'':
        case '"':
        case '`':
        case '\\':
        case '/':
          out += e;
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          if (at_ + 4 > text_.size()) return syntax_error("bad \\u escape", at_ - 2);
          unsigned code = 0;
          for (int i = 0; i < 4; ++i) {
            const char h = text_[at_++];
            code <<= 4;
            if (is_digit(h))
              code |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
              code |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
              code |= static_cast<unsigned>(h - 'A' + 10);
            else
              return syntax_error("bad \\u escape", at_ - 1);
          }
          append_utf8(out, code);
          break;
        }
        default:
          return syntax_error(std::string("unknown escape \\") + e, at_ - 2);
      }
    }
    return syntax_error("unterminated quoted text", start);
  }

  std::size_t digits(std::size_t count) {
    std::size_t n = 0;
    while (n < count && is_digit(peek())) {
      ++at_;
      ++n;
    }
    return n;
  }

  // hh(:mm(:ss(.fff)?)?)? at at_; false when not even hh.
  bool time_part() {
    if (digits(2) != 2) return false;
    if (peek() == ':' && is_digit(peek(1))) {
      ++at_;
      if (digits(2) != 2) return false;
      if (peek() == ':' && is_digit(peek(1))) {
        ++at_;
        if (digits(2) != 2) return false;
        if (peek() == '.' && is_digit(peek(1))) {
          ++at_;
          while (is_digit(peek())) ++at_;
        }
      }
    }
    return true;
  }

  bool time_zone() {
    if (peek() == 'Z') {
      ++at_;
      return true;
    }
    if ((peek() == '+' || peek() == '-') && is_digit(peek(1))) {
      ++at_;
      if (digits(2) != 2 || peek() != ':') return false;
      ++at_;
      return digits(2) == 2;
    }
    return true;
  }

  Result<Token, FhirPathError> date_time(std::size_t start) {
    ++at_;
    bool ok = true;
    if (peek() == 'T') {
      ++at_;
      ok = time_part();
    } else {
      ok = digits(4) == 4;
      if (ok && peek() == '-' && is_digit(peek(1))) {
        ++at_;
        ok = digits(2) == 2;
        if (ok && peek() == '-' && is_digit(peek(1))) {
          ++at_;
          ok = digits(2) == 2;
        }
      }
      if (ok && peek() == 'T') {
        ++at_;
        if (is_digit(peek())) ok = time_part() && time_zone();
      }
    }
    if (!ok) return syntax_error("malformed date/time literal", start);
    return Token{TokenKind::date_time, std::string(text_.substr(start + 1, at_ - start - 1)),
                 start};
  }

  Result<Token, FhirPathError> external_constant(std::size_t start) {
    ++at_;
    if (peek() == '`' || peek() == '\'') {
      auto body = quoted(peek());
      if (!body) return std::move(body).take_error();
      return Token{TokenKind::external_constant, std::move(*body), start};
    }
    const std::size_t name_start = at_;
    while (at_ < text_.size() && (is_identifier_char(text_[at_]) || text_[at_] == '-')) ++at_;
    if (at_ == name_start) return syntax_error("expected a name after '%'", start);
    return Token{TokenKind::external_constant,
                 std::string(text_.substr(name_start, at_ - name_start)), start};
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

Result<std::vector<Token>, FhirPathError> tokenize(std::string_view text) {
  return Lexer(text).run();
}

}  // namespace gateway::fhirpath
