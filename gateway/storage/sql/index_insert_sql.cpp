// Multi-row INSERT statements of a version's index rows (see index_insert_sql.hpp).
#include "storage/sql/index_insert_sql.hpp"

#include <algorithm>

namespace gateway::storage::sql {
namespace {

// Collects the rows of one table, then writes them as statements of at most
// kMaxRowsPerInsert rows. Every row starts with seq and type.
class TableRows {
 public:
  TableRows(Dialect dialect, const char* table, const char* columns, std::int64_t seq,
            const std::string& type)
      : dialect_(dialect), table_(table), columns_(columns), seq_(seq), type_(type) {}

  void add(std::vector<Parameter> values) { rows_.push_back(std::move(values)); }

  void finish(std::vector<IndexInsert>& out) && {
    for (std::size_t first = 0; first < rows_.size(); first += kMaxRowsPerInsert) {
      const std::size_t count = std::min(kMaxRowsPerInsert, rows_.size() - first);
      ParameterList parameters(dialect_);
      const std::string seq = parameters.add(seq_);
      const std::string type = parameters.add(type_);
      std::string text =
          "INSERT INTO " + std::string(table_) + " (seq, type, " + columns_ + ") VALUES ";
      for (std::size_t row = first; row < first + count; ++row) {
        text += row == first ? "(" : ", (";
        text += seq + ", " + type;
        for (auto& value : rows_[row]) text += ", " + parameters.add(std::move(value));
        text += ")";
      }
      out.push_back({std::string(table_) + "*" + std::to_string(count),
                     std::move(parameters).finish(std::move(text))});
    }
  }

 private:
  Dialect dialect_;
  const char* table_;
  const char* columns_;
  std::int64_t seq_;
  const std::string& type_;
  std::vector<std::vector<Parameter>> rows_;
};

}  // namespace

std::vector<IndexInsert> index_insert_sql(Dialect dialect, std::int64_t seq,
                                          const std::string& type, const IndexValues& index) {
  std::vector<IndexInsert> out;
  TableRows tokens(dialect, "idx_token", "param, system, code, of_type", seq, type);
  for (const auto& t : index.tokens) tokens.add({t.param, t.system, t.code, t.of_type});
  std::move(tokens).finish(out);

  TableRows strings(dialect, "idx_string", "param, folded, exact", seq, type);
  for (const auto& t : index.strings) strings.add({t.param, t.folded, t.exact});
  std::move(strings).finish(out);

  TableRows dates(dialect, "idx_date", "param, low, high", seq, type);
  for (const auto& d : index.dates) dates.add({d.param, d.low, d.high});
  std::move(dates).finish(out);

  TableRows references(dialect, "idx_reference",
                       "param, target_type, target_id, url, identifier_system, identifier_value",
                       seq, type);
  for (const auto& r : index.references) {
    references.add(
        {r.param, r.target_type, r.target_id, r.url, r.identifier_system, r.identifier_value});
  }
  std::move(references).finish(out);

  TableRows uris(dialect, "idx_uri", "param, uri", seq, type);
  for (const auto& u : index.uris) uris.add({u.param, u.uri});
  std::move(uris).finish(out);

  TableRows numbers(dialect, "idx_number", "param, low, high, system, code", seq, type);
  for (const auto& n : index.numbers) numbers.add({n.param, n.low, n.high, n.system, n.code});
  std::move(numbers).finish(out);

  TableRows compartments(dialect, "idx_compartment", "key", seq, type);
  for (const auto& key : index.compartments) compartments.add({key});
  std::move(compartments).finish(out);
  return out;
}

}  // namespace gateway::storage::sql
