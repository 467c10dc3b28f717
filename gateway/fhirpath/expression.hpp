// A parsed FHIRPath expression and the parser's entry point. An Expression is immutable and
// may be evaluated from many threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "fhirpath/ast.hpp"
#include "fhirpath/fhirpath_error.hpp"

namespace gateway::fhirpath {

struct ParseLimits {
  std::size_t max_length = 16 * 1024;  // characters of expression text
  std::size_t max_depth = 128;         // nesting of parentheses/arguments and height of the tree
};

class Expression {
 public:
  Expression(std::string text, std::shared_ptr<const Node> root)
      : text_(std::move(text)), root_(std::move(root)) {}

  const std::string& text() const { return text_; }
  const Node& root() const { return *root_; }

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
};

[[nodiscard]] Result<Expression, FhirPathError> parse(std::string_view text,
                                                      const ParseLimits& limits = {});

}  // namespace gateway::fhirpath
