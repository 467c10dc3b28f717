// A search as the store runs it: typed clauses over the index rows (AND of clauses, each an
// OR of values), sort keys, includes, paging and the compartment restriction. The search
// module builds it from the HTTP parameters and the SearchParameter definitions; the store
// never parses FHIR search syntax.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gateway::storage {

// `system` / `code` nullopt = not constrained; "" = must be empty ("|code": no system).
struct TokenMatch {
  std::optional<std::string> system;
  std::optional<std::string> code;
  std::string of_type;  // non-empty: match TokenIndex::of_type too (the :of-type modifier)
};

struct StringMatch {
  enum class Mode { prefix, exact, contains };
  Mode mode = Mode::prefix;
  std::string value;  // folded for prefix/contains, as written for exact
};

// The FHIR comparison prefixes; the search value's range [low, high], inclusive, in ms.
// `ap` arrives already widened by the search module.
enum class Prefix { eq, ne, gt, lt, ge, le, sa, eb, ap };
struct DateMatch {
  Prefix prefix = Prefix::eq;
  std::int64_t low = 0;
  std::int64_t high = 0;
};

struct NumberMatch {
  Prefix prefix = Prefix::eq;
  double low = 0;
  double high = 0;
  std::optional<std::string> system;  // quantity unit, when given
  std::optional<std::string> code;
};

// Type/id (type may be empty: any type), an absolute URL, or by identifier (:identifier).
struct ReferenceMatch {
  std::string target_type;
  std::string target_id;
  std::string url;
  std::optional<std::string> identifier_system;
  std::string identifier_value;
};

struct UriMatch {
  enum class Mode { exact, below, above };
  Mode mode = Mode::exact;
  std::string uri;
};

struct Clause;

// param.inner: the reference `param` points to a stored resource of `target_type` that
// satisfies `inner`; with `logical_identifier`, a logical reference whose identifier
// matches the token in `inner` also counts (chained `patient.identifier`).
struct ChainMatch {
  std::string target_type;
  std::shared_ptr<const Clause> inner;
  bool logical_identifier = false;
};

// _has:source_type:reference_param:inner - some stored `source_type` resource refers to this
// one by `reference_param` and satisfies `inner`.
struct HasMatch {
  std::string source_type;
  std::string reference_param;
  std::shared_ptr<const Clause> inner;
};

using MatchValue = std::variant<TokenMatch, StringMatch, DateMatch, NumberMatch, ReferenceMatch,
                                UriMatch, ChainMatch, HasMatch>;

// `param` is the SearchParameter code. "_id" (TokenMatch on code) and "_lastUpdated"
// (DateMatch) are answered from the version itself, not from index rows.
struct Clause {
  std::string param;
  std::vector<MatchValue> any_of;  // OR; all of one alternative of MatchValue
  bool negate = false;             // :not and :missing=false-like negations: NOT(any_of)
  std::optional<bool> missing;     // :missing=true/false; any_of is empty then
};

struct SortKey {
  enum class Kind { last_updated, id, token, string, date, number, reference, uri };
  std::string param;  // empty for last_updated and id
  Kind kind = Kind::last_updated;
  bool descending = false;
};

// _include (reverse = false): resources the matches point to by `param`;
// _revinclude (reverse = true): resources of `source_type` pointing to a match by `param`.
// `target_type` narrows the include (Type:param:target); empty = any.
struct Include {
  std::string source_type;
  std::string param;
  std::string target_type;
  bool reverse = false;
};

enum class TotalMode { none, estimate, accurate };

// Where a page starts: the snapshot (the store's change sequence when page one ran) and
// how many matches come before it. Every page of one search sees the same snapshot, so
// concurrent writes neither repeat nor skip results.
struct Cursor {
  std::int64_t snapshot = 0;
  std::int64_t offset = 0;
};

struct SearchQuery {
  std::string type;             // the resource type searched
  std::vector<Clause> clauses;  // AND
  std::vector<SortKey> sort;    // empty: by _lastUpdated descending, then id
  std::vector<Include> includes;
  std::size_t count = 20;        // page size (0: only the total)
  std::optional<Cursor> cursor;  // nullopt: the first page, at the current snapshot
  // True when the caller never asks for a further page (internal look-ups): no stable
  // snapshot is needed, so a store may skip what it costs (PostgreSQL: the snapshot lock,
  // which waits for every write in flight). `next` is then empty.
  bool single_page = false;
  TotalMode total = TotalMode::none;
  // Only resources in one of these compartments (compartment keys); nullopt = no
  // restriction. Applies to included resources too.
  std::optional<std::vector<std::string>> compartments;
};

// The compartment key of a stored Patient: "Patient/<id>".
inline std::string compartment_key(std::string_view patient_id) {
  return "Patient/" + std::string(patient_id);
}
// The compartment key of a patient known by identifier (a Patient's own identifiers, and
// logical references by Reference.identifier): "identifier:<system>|<value>", with `\` and
// `|` in the system escaped by `\`, so that no two (system, value) pairs share a key.
inline std::string compartment_identifier_key(std::string_view system, std::string_view value) {
  std::string key = "identifier:";
  key.reserve(key.size() + system.size() + value.size() + 1);
  for (const char c : system) {
    if (c == '\\' || c == '|') key += '\\';
    key += c;
  }
  key += '|';
  key += value;
  return key;
}
// The system and value of an identifier key; nullopt for a key of another kind.
struct KeyedIdentifier {
  std::string system;
  std::string value;
};
inline std::optional<KeyedIdentifier> parse_compartment_identifier_key(std::string_view key) {
  constexpr std::string_view kPrefix = "identifier:";
  if (!key.starts_with(kPrefix)) return std::nullopt;
  KeyedIdentifier parsed;
  std::size_t at = kPrefix.size();
  for (; at < key.size() && key[at] != '|'; ++at) {
    if (key[at] == '\\' && at + 1 < key.size()) ++at;  // an escaped \ or |
    parsed.system += key[at];
  }
  if (at >= key.size()) return std::nullopt;
  parsed.value = std::string(key.substr(at + 1));
  return parsed;
}

}  // namespace gateway::storage
