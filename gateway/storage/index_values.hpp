// The search index of one resource version, extracted at write by the search module from
// the resource and its SearchParameters' FHIRPath expressions. The store keeps these rows
// beside the version and answers searches from them; it never reads resource JSON to search.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gateway::storage {

// Coding, Identifier, code, boolean, ContactPoint: system|code. `of_type` is
// "type-system|type-code" for an Identifier with a type (the :of-type modifier).
struct TokenIndex {
  std::string param;
  std::string system;
  std::string code;
  std::string of_type;
};

// string: `folded` is lower-cased, accent-stripped, whitespace-collapsed (prefix and
// :contains match it); `exact` is the value as written (:exact matches it).
struct StringIndex {
  std::string param;
  std::string folded;
  std::string exact;
};

// date, dateTime, instant, Period, Timing: the range the value covers, in milliseconds since
// the epoch (UTC), both ends inclusive. An open end is INT64_MIN / INT64_MAX.
struct DateIndex {
  std::string param;
  std::int64_t low = 0;
  std::int64_t high = 0;
};

// Reference: a literal reference to Type/id (relative or resolved against this server's
// base), an absolute URL or canonical that is not ours, and/or a logical reference by
// identifier (Reference.identifier).
struct ReferenceIndex {
  std::string param;
  std::string target_type;  // "Patient"; empty when only url or identifier is known
  std::string target_id;
  std::string url;  // absolute URL or canonical not on this server; empty otherwise
  std::string identifier_system;
  std::string identifier_value;
};

struct UriIndex {
  std::string param;
  std::string uri;
};

// number and quantity (value only; quantity also system|code of the unit).
struct NumberIndex {
  std::string param;
  double low = 0;
  double high = 0;
  std::string system;
  std::string code;
};

struct IndexValues {
  std::vector<TokenIndex> tokens;
  std::vector<StringIndex> strings;
  std::vector<DateIndex> dates;
  std::vector<ReferenceIndex> references;
  std::vector<UriIndex> uris;
  std::vector<NumberIndex> numbers;
  // The Patient compartments the version belongs to (from the R4B CompartmentDefinition),
  // as compartment keys: see compartment_key_* in search_query.hpp.
  std::vector<std::string> compartments;
};

}  // namespace gateway::storage
