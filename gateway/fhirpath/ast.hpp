// The syntax tree of a parsed FHIRPath expression (immutable once parsed).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gateway::fhirpath {

enum class NodeKind {
  literal,         // value: a computed JSON value, name: its System type ("String", "Integer", ...)
  empty,           // {}
  member,          // name; focus[0] when written as focus.name
  function,        // name(arguments...); focus[0] when written as focus.name(...)
  this_variable,   // $this
  index_variable,  // $index
  total_variable,  // $total
  constant,        // %name
  indexer,         // focus[0][arguments[0]]
  unary,           // name is "+" or "-", arguments[0]
  binary,          // name is the operator, arguments[0] and arguments[1]
  type_operator,   // name is "is" or "as", arguments[0], type_name
};

struct Node {
  NodeKind kind = NodeKind::empty;
  std::string name;
  std::string type_name;    // type_operator only
  std::vector<Node> focus;  // zero or one
  std::vector<Node> arguments;
  std::shared_ptr<const nlohmann::json> value;  // literal only
  std::size_t position = 0;
  std::size_t height = 1;  // of this subtree (bounded by the parser)
};

}  // namespace gateway::fhirpath
