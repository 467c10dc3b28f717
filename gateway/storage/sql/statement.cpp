// Placeholders, the parameter list, and the stored form of compartment keys.
#include "storage/sql/statement.hpp"

namespace gateway::storage::sql {

std::string placeholder(Dialect dialect, std::size_t position) {
  return (dialect == Dialect::sqlite ? "?" : "$") + std::to_string(position);
}

std::string ParameterList::add(Parameter value) {
  parameters_.push_back(std::move(value));
  return placeholder(dialect_, parameters_.size());
}

Statement ParameterList::finish(std::string text) && {
  return Statement{std::move(text), std::move(parameters_)};
}

std::string join_compartments(const std::vector<std::string>& keys) {
  std::string joined;
  for (const auto& key : keys) {
    if (!joined.empty()) joined += '\n';
    joined += key;
  }
  return joined;
}

std::vector<std::string> split_compartments(const std::string& joined) {
  std::vector<std::string> keys;
  std::size_t start = 0;
  while (start < joined.size()) {
    const auto end = joined.find('\n', start);
    const auto stop = end == std::string::npos ? joined.size() : end;
    if (stop > start) keys.push_back(joined.substr(start, stop - start));
    start = stop + 1;
  }
  return keys;
}

}  // namespace gateway::storage::sql
