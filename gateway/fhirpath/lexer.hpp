// Splits FHIRPath text into tokens (identifiers, literals, operators) with their positions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "fhirpath/fhirpath_error.hpp"

namespace gateway::fhirpath {

enum class TokenKind {
  identifier,            // also keywords (and, as, div, ...): the parser decides by context
  delimited_identifier,  // `name` (text without the backticks)
  string,                // 'text' (text unescaped)
  number,                // 12 or 1.5
  date_time,             // @2020-01-02T10:00:00Z or @T10:00 (text without the @)
  external_constant,     // %name or %`name` or %'name' (text without the %)
  special_variable,      // $this, $index, $total (text without the $)
  symbol,                // . [ ] ( ) , + - * / & | < > <= >= = ~ != !~ { }
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  std::size_t position = 0;
};

[[nodiscard]] Result<std::vector<Token>, FhirPathError> tokenize(std::string_view text);

}  // namespace gateway::fhirpath
