// Case- and accent-insensitive keys for string search and name sorting, Norwegian-aware.
#pragma once

#include <string>
#include <string_view>

namespace gateway::fhir {

// Folds UTF-8 text to a search/sort key: letters lower-cased, diacritics stripped
// (é -> e, ü -> u), Swedish/Danish variants mapped to the Norwegian letters (ä -> æ, ö -> ø),
// and æ, ø, å kept distinct and ordered after z (as in Norwegian collation). Runs of
// whitespace become one space; leading/trailing space is dropped. Invalid UTF-8 bytes are
// kept as they are. The key is a byte string: compare with operator<.
std::string fold_name(std::string_view text);

}  // namespace gateway::fhir
