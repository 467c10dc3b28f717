// SQL text with its parameters, for one of the two dialects the store speaks. The builders
// number their placeholders themselves (?N for SQLite, $N for PostgreSQL), so a statement
// can use one parameter several times and an adapter binds them by position 1..N.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace gateway::storage::sql {

enum class Dialect { sqlite, postgres };

// Every value is bound as what it is: integers as 64-bit integers, strings as TEXT.
using Parameter = std::variant<std::int64_t, double, std::string>;

struct Statement {
  std::string text;
  std::vector<Parameter> parameters;  // parameters[i] is placeholder i + 1
};

// The placeholder of parameter `position` (1-based) in `dialect`: "?3" or "$3".
std::string placeholder(Dialect dialect, std::size_t position);

// Collects parameters and hands out their placeholders.
class ParameterList {
 public:
  explicit ParameterList(Dialect dialect) : dialect_(dialect) {}
  // Adds a parameter; returns its placeholder.
  std::string add(Parameter value);
  Dialect dialect() const { return dialect_; }
  Statement finish(std::string text) &&;

 private:
  Dialect dialect_;
  std::vector<Parameter> parameters_;
};

// The compartment keys of a version as stored in versions.compartments (newline-separated).
std::string join_compartments(const std::vector<std::string>& keys);
std::vector<std::string> split_compartments(const std::string& joined);

}  // namespace gateway::storage::sql
