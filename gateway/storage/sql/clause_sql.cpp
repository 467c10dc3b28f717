// Search clauses as SQL conditions: token, string, date, number, reference, uri, chains,
// _has, :missing, :not, _id and _lastUpdated.
#include "storage/sql/clause_sql.hpp"

#include <array>

namespace gateway::storage::sql {
namespace {

constexpr std::array<const char*, 6> kIndexTables = {"idx_token",     "idx_string", "idx_date",
                                                     "idx_reference", "idx_uri",    "idx_number"};

// The highest code point in UTF-8: `prefix` followed by it bounds every text starting with
// `prefix` in byte order.
constexpr const char* kAfterEverything = "\xF4\x8F\xBF\xBF";

std::string escape_like(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// The FHIR comparison of the target range [lo, hi] with the search range [sl, sh].
std::string range_condition(Prefix prefix, const std::string& lo, const std::string& hi,
                            const std::string& sl, const std::string& sh) {
  const std::string contained = "(" + lo + " >= " + sl + " AND " + hi + " <= " + sh + ")";
  switch (prefix) {
    case Prefix::eq:
      return contained;
    case Prefix::ne:
      return "(" + lo + " < " + sl + " OR " + hi + " > " + sh + ")";
    case Prefix::gt:
      return "(" + hi + " > " + sh + ")";
    case Prefix::lt:
      return "(" + lo + " < " + sl + ")";
    case Prefix::ge:
      return "(" + hi + " > " + sh + " OR " + contained + ")";
    case Prefix::le:
      return "(" + lo + " < " + sl + " OR " + contained + ")";
    case Prefix::sa:
      return "(" + lo + " > " + sh + ")";
    case Prefix::eb:
      return "(" + hi + " < " + sl + ")";
    case Prefix::ap:
      return "(" + lo + " <= " + sh + " AND " + hi + " >= " + sl + ")";
  }
  return contained;
}

}  // namespace

std::string unindexed(Dialect dialect, const std::string& expression) {
  return dialect == Dialect::sqlite ? "+" + expression : expression;
}

std::string index_table(const Clause& clause) {
  if (clause.any_of.empty()) return {};
  const auto& first = clause.any_of.front();
  if (std::holds_alternative<TokenMatch>(first)) return "idx_token";
  if (std::holds_alternative<StringMatch>(first)) return "idx_string";
  if (std::holds_alternative<DateMatch>(first)) return "idx_date";
  if (std::holds_alternative<NumberMatch>(first)) return "idx_number";
  if (std::holds_alternative<ReferenceMatch>(first)) return "idx_reference";
  if (std::holds_alternative<UriMatch>(first)) return "idx_uri";
  if (std::holds_alternative<ChainMatch>(first)) return "idx_reference";
  return {};  // HasMatch
}

std::string ClauseWriter::visible(const std::string& version) const {
  return "(" + unindexed(dialect(), version + ".seq") + " <= " + snapshot_ + " AND (" + version +
         ".superseded_seq IS NULL OR " + version + ".superseded_seq > " + snapshot_ + ") AND " +
         version + ".deleted = 0)";
}

std::string ClauseWriter::in_compartments(const std::string& version) {
  if (!compartments_) return "";
  if (compartments_->empty()) return " AND 1 = 0";
  std::string keys;
  for (const auto& key : *compartments_) keys += (keys.empty() ? "" : ", ") + add(key);
  const std::string c = alias("cc");
  return " AND " + version + ".seq IN (SELECT " + c + ".seq FROM idx_compartment " + c + " WHERE " +
         c + ".key IN (" + keys + "))";
}

std::string ClauseWriter::alias(const std::string& stem) {
  return stem + std::to_string(++aliases_);
}

StoreResult<std::string> ClauseWriter::alternative(const MatchValue& value, const std::string& x) {
  if (const auto* token = std::get_if<TokenMatch>(&value)) {
    std::vector<std::string> parts;
    if (token->system) parts.push_back(x + ".system = " + add(*token->system));
    if (token->code) parts.push_back(x + ".code = " + add(*token->code));
    if (!token->of_type.empty()) parts.push_back(x + ".of_type = " + add(token->of_type));
    return parts.empty() ? std::string("1 = 1") : "(" + join(parts, " AND ") + ")";
  }
  if (const auto* text = std::get_if<StringMatch>(&value)) {
    switch (text->mode) {
      case StringMatch::Mode::exact:
        return x + ".exact = " + add(text->value);
      case StringMatch::Mode::contains:
        return x + ".folded LIKE " + add("%" + escape_like(text->value) + "%") + " ESCAPE '\\'";
      case StringMatch::Mode::prefix:
        return "(" + x + ".folded >= " + add(text->value) + " AND " + x + ".folded < " +
               add(text->value + kAfterEverything) + ")";
    }
  }
  if (const auto* date = std::get_if<DateMatch>(&value)) {
    return range_condition(date->prefix, x + ".low", x + ".high", add(date->low), add(date->high));
  }
  if (const auto* number = std::get_if<NumberMatch>(&value)) {
    std::string out = range_condition(number->prefix, x + ".low", x + ".high", add(number->low),
                                      add(number->high));
    if (number->system) out += " AND " + x + ".system = " + add(*number->system);
    if (number->code) out += " AND " + x + ".code = " + add(*number->code);
    return "(" + out + ")";
  }
  if (const auto* reference = std::get_if<ReferenceMatch>(&value)) {
    if (reference->identifier_system || !reference->identifier_value.empty()) {
      std::string out = x + ".identifier_value = " + add(reference->identifier_value);
      if (reference->identifier_system) {
        out += " AND " + x + ".identifier_system = " + add(*reference->identifier_system);
      }
      return "(" + out + ")";
    }
    if (!reference->url.empty()) return x + ".url = " + add(reference->url);
    if (reference->target_id.empty()) {
      return StoreResult<std::string>(
          store_error(StoreErrorKind::invalid, "a reference match without a target"));
    }
    std::string out = x + ".target_id = " + add(reference->target_id);
    if (!reference->target_type.empty()) {
      out += " AND " + x + ".target_type = " + add(reference->target_type);
    }
    return "(" + out + ")";
  }
  if (const auto* uri = std::get_if<UriMatch>(&value)) {
    switch (uri->mode) {
      case UriMatch::Mode::exact:
        return x + ".uri = " + add(uri->uri);
      case UriMatch::Mode::below:
        return "(" + x + ".uri >= " + add(uri->uri) + " AND " + x + ".uri < " +
               add(uri->uri + kAfterEverything) + ")";
      case UriMatch::Mode::above: {
        const std::string searched = add(uri->uri);
        return "(" + x + ".uri <> '' AND substr(" + searched + ", 1, length(" + x +
               ".uri)) = " + x + ".uri)";
      }
    }
  }
  if (const auto* chained = std::get_if<ChainMatch>(&value)) return chain(*chained, x);
  return StoreResult<std::string>(
      store_error(StoreErrorKind::invalid, "_has cannot be mixed with other values"));
}

StoreResult<std::string> ClauseWriter::chain(const ChainMatch& match, const std::string& x) {
  if (!match.inner || match.target_type.empty()) {
    return StoreResult<std::string>(
        store_error(StoreErrorKind::invalid, "a chained match needs a target type and a clause"));
  }
  const RowScope target{alias("cv"), alias("cr"), add(match.target_type)};
  auto inner = restriction(*match.inner, target);
  if (!inner) return inner;
  std::string out = "(" + x + ".target_type = " + target.type + " AND " + x + ".target_id IN (" +
                    "SELECT " + target.resource + ".id FROM versions " + target.version +
                    " JOIN resources " + target.resource + " ON " + target.resource +
                    ".pk = " + target.version + ".resource_pk WHERE " + target.version +
                    ".type = " + target.type + " AND " + visible(target.version) +
                    in_compartments(target.version) + " AND " + *inner + "))";
  if (match.logical_identifier) {
    for (const auto& value : match.inner->any_of) {
      const auto* token = std::get_if<TokenMatch>(&value);
      if (!token || !token->code) continue;
      std::string logical = x + ".identifier_value = " + add(*token->code);
      if (token->system) logical += " AND " + x + ".identifier_system = " + add(*token->system);
      out += " OR (" + logical + ")";
    }
  }
  return "(" + out + ")";
}

StoreResult<std::string> ClauseWriter::alternatives(const Clause& clause, const std::string& x) {
  std::vector<std::string> parts;
  for (const auto& value : clause.any_of) {
    auto part = alternative(value, x);
    if (!part) return part;
    parts.push_back(std::move(*part));
  }
  return "(" + join(parts, " OR ") + ")";
}

StoreResult<std::string> ClauseWriter::has(const Clause& clause, const RowScope& row) {
  std::vector<std::string> parts;
  for (const auto& value : clause.any_of) {
    const auto* match = std::get_if<HasMatch>(&value);
    if (!match || !match->inner) {
      return StoreResult<std::string>(
          store_error(StoreErrorKind::invalid, "_has needs a source type and a clause"));
    }
    const std::string x = alias("hx");
    const RowScope source{alias("hv"), alias("hr"), add(match->source_type)};
    auto inner = condition(*match->inner, source);
    if (!inner) return inner;
    parts.push_back(
        "EXISTS (SELECT 1 FROM idx_reference " + x + " JOIN versions " + source.version + " ON " +
        source.version + ".seq = " + x + ".seq JOIN resources " + source.resource + " ON " +
        source.resource + ".pk = " + source.version + ".resource_pk WHERE " + x + ".type = " +
        source.type + " AND " + x + ".param = " + add(match->reference_param) + " AND " + x +
        ".target_id = " + row.resource + ".id AND " + x + ".target_type = " + row.type + " AND " +
        visible(source.version) + in_compartments(source.version) + " AND " + *inner + ")");
  }
  return "(" + join(parts, " OR ") + ")";
}

std::string ClauseWriter::missing(const Clause& clause, const RowScope& row) {
  const std::string param = add(clause.param);
  std::vector<std::string> present;
  for (const char* table : kIndexTables) {
    const std::string x = alias("mx");
    present.push_back("EXISTS (SELECT 1 FROM " + std::string(table) + " " + x + " WHERE " + x +
                      ".seq = " + row.version + ".seq AND " + x + ".param = " + param + ")");
  }
  const std::string any = "(" + join(present, " OR ") + ")";
  return *clause.missing ? "NOT " + any : any;
}

StoreResult<std::string> ClauseWriter::condition(const Clause& clause, const RowScope& row) {
  StoreResult<std::string> out = std::string();
  if (clause.missing) {
    out = missing(clause, row);
  } else if (clause.any_of.empty()) {
    return StoreResult<std::string>(
        store_error(StoreErrorKind::invalid, "a clause without values: " + clause.param));
  } else if (clause.param == "_id") {
    std::vector<std::string> parts;
    for (const auto& value : clause.any_of) {
      const auto* token = std::get_if<TokenMatch>(&value);
      if (!token || !token->code) {
        return StoreResult<std::string>(store_error(StoreErrorKind::invalid, "_id needs a code"));
      }
      parts.push_back(row.resource + ".id = " + add(*token->code));
    }
    out = "(" + join(parts, " OR ") + ")";
  } else if (clause.param == "_lastUpdated") {
    std::vector<std::string> parts;
    for (const auto& value : clause.any_of) {
      const auto* date = std::get_if<DateMatch>(&value);
      if (!date) {
        return StoreResult<std::string>(
            store_error(StoreErrorKind::invalid, "_lastUpdated needs a date"));
      }
      const std::string at = row.version + ".last_updated";
      parts.push_back(range_condition(date->prefix, at, at, add(date->low), add(date->high)));
    }
    out = "(" + join(parts, " OR ") + ")";
  } else if (std::holds_alternative<HasMatch>(clause.any_of.front())) {
    out = has(clause, row);
  } else {
    const std::string x = alias("x");
    const std::string param = add(clause.param);
    auto values = alternatives(clause, x);
    if (!values) return values;
    out = "EXISTS (SELECT 1 FROM " + index_table(clause) + " " + x + " WHERE " + x +
          ".seq = " + row.version + ".seq AND " + x + ".param = " + param + " AND " + *values + ")";
  }
  if (!out || !clause.negate) return out;
  return "NOT " + *out;
}

StoreResult<std::optional<std::string>> ClauseWriter::driving_set(const Clause& clause,
                                                                  const RowScope& row) {
  using Out = StoreResult<std::optional<std::string>>;
  const std::string table = index_table(clause);
  if (clause.negate || clause.missing || table.empty() || clause.param == "_id" ||
      clause.param == "_lastUpdated") {
    return Out(std::nullopt);
  }
  const std::string x = alias("x");
  const std::string param = add(clause.param);
  auto values = alternatives(clause, x);
  if (!values) return Out(values.error());
  return Out("SELECT " + x + ".seq FROM " + table + " " + x + " WHERE " + x +
             ".type = " + row.type + " AND " + x + ".param = " + param + " AND " + *values);
}

StoreResult<std::string> ClauseWriter::restriction(const Clause& clause, const RowScope& row) {
  auto set = driving_set(clause, row);
  if (!set) return StoreResult<std::string>(set.error());
  if (*set) return row.version + ".seq IN (" + **set + ")";
  return condition(clause, row);
}

}  // namespace gateway::storage::sql
