// Splitting an expression on its top-level unions, outside parentheses and string literals.
#include "search/expression_scope.hpp"

#include <vector>

namespace gateway::search {
namespace {

std::vector<std::string_view> top_level_alternatives(std::string_view expression) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool in_string = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '\'') {
        in_string = false;
      }
    } else if (c == '\'') {
      in_string = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      out.push_back(expression.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(expression.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// The alternative rewritten for `type`, or empty when it starts at another type.
std::string scoped(std::string_view alternative, std::string_view type) {
  std::size_t head = 0;
  while (head < alternative.size() && (alternative[head] == '(' || alternative[head] == ' ')) {
    ++head;
  }
  std::size_t end = head;
  while (end < alternative.size() && ((alternative[end] >= 'A' && alternative[end] <= 'Z') ||
                                      (alternative[end] >= 'a' && alternative[end] <= 'z'))) {
    ++end;
  }
  const std::string_view root = alternative.substr(head, end - head);
  const bool boundary = end == alternative.size() || alternative[end] == '.' ||
                        alternative[end] == ' ' || alternative[end] == ')';
  if (!boundary) return {};
  if (root == type) return std::string(alternative);
  if (root == "Resource" || root == "DomainResource") {
    std::string out(alternative.substr(0, head));
    out.append(type);
    out.append(alternative.substr(end));
    return out;
  }
  return {};
}

}  // namespace

std::string scope_expression(std::string_view expression, std::string_view type) {
  std::string out;
  for (std::string_view alternative : top_level_alternatives(expression)) {
    std::string kept = scoped(trim(alternative), type);
    if (kept.empty()) continue;
    if (!out.empty()) out.append(" | ");
    out.append(kept);
  }
  return out;
}

}  // namespace gateway::search
