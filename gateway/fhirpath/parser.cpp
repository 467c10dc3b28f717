// Recursive-descent FHIRPath parser (N1 grammar, the specification's operator precedence) to
// the tree in ast.hpp, with bounded length and depth.
#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <vector>

#include "fhirpath/expression.hpp"
#include "fhirpath/function_table.hpp"
#include "fhirpath/lexer.hpp"

namespace gateway::fhirpath {

namespace {

// Binary operator levels, lowest precedence first. The type operators (is, as) have their own
// level because their right side is a type specifier, not an expression.
constexpr std::size_t kTypeLevel = 7;
const std::array<std::vector<std::string_view>, 10> kLevels = {{
    {"implies"},
    {"or", "xor"},
    {"and"},
    {"in", "contains"},
    {"=", "~", "!=", "!~"},
    {"<", ">", "<=", ">="},
    {"|"},
    {"is", "as"},
    {"+", "-", "&"},
    {"*", "/", "div", "mod"},
}};

constexpr std::array<std::string_view, 16> kCalendarUnits = {
    "year", "years", "month",  "months",  "week",   "weeks",   "day",         "days",
    "hour", "hours", "minute", "minutes", "second", "seconds", "millisecond", "milliseconds"};

Node literal(std::string type, nlohmann::json value, std::size_t position) {
  Node node;
  node.kind = NodeKind::literal;
  node.name = std::move(type);
  node.value = std::make_shared<const nlohmann::json>(std::move(value));
  node.position = position;
  return node;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ParseLimits& limits)
      : tokens_(std::move(tokens)), limits_(limits) {}

  Result<Node, FhirPathError> run() {
    auto root = expression();
    if (!root) return root;
    if (current().kind != TokenKind::end) return unexpected();
    return root;
  }

 private:
  const Token& current() const { return tokens_[at_]; }
  const Token& ahead(std::size_t n) const { return tokens_[std::min(at_ + n, tokens_.size() - 1)]; }
  bool is_symbol(std::string_view s) const {
    return current().kind == TokenKind::symbol && current().text == s;
  }

  FhirPathError error(ErrorKind kind, std::string message, std::size_t position) const {
    return FhirPathError{kind, std::move(message), position};
  }
  FhirPathError unexpected() const {
    if (current().kind == TokenKind::end) {
      return error(ErrorKind::syntax, "unexpected end of expression", current().position);
    }
    return error(ErrorKind::syntax, "unexpected '" + current().text + "'", current().position);
  }

  // Sets the node's height from its children and refuses trees taller than the limit.
  Result<Node, FhirPathError> finish(Node node) const {
    std::size_t height = 0;
    for (const Node& child : node.focus) height = std::max(height, child.height);
    for (const Node& child : node.arguments) height = std::max(height, child.height);
    node.height = height + 1;
    if (node.height > limits_.max_depth) {
      return error(ErrorKind::too_deep, "expression nested too deeply", node.position);
    }
    return node;
  }

  Result<void, FhirPathError> expect(std::string_view symbol) {
    if (!is_symbol(symbol)) {
      return error(ErrorKind::syntax, "expected '" + std::string(symbol) + "'", current().position);
    }
    ++at_;
    return {};
  }

  Result<Node, FhirPathError> expression() {
    if (++depth_ > limits_.max_depth) {
      return error(ErrorKind::too_deep, "expression nested too deeply", current().position);
    }
    auto node = level(0);
    --depth_;
    return node;
  }

  // The operator of the given level at the current token, if any.
  std::optional<std::string> operator_at(std::size_t index) const {
    const Token& token = current();
    if (token.kind != TokenKind::symbol && token.kind != TokenKind::identifier) return std::nullopt;
    const auto& ops = kLevels[index];
    if (std::find(ops.begin(), ops.end(), token.text) == ops.end()) return std::nullopt;
    return token.text;
  }

  Result<Node, FhirPathError> level(std::size_t index) {
    if (index == kLevels.size()) return unary();
    auto left = level(index + 1);
    if (!left) return left;
    while (auto op = operator_at(index)) {
      Node node;
      node.name = *op;
      node.position = current().position;
      ++at_;
      node.arguments.push_back(std::move(*left));
      if (index == kTypeLevel) {
        node.kind = NodeKind::type_operator;
        auto type = type_specifier();
        if (!type) return std::move(type).take_error();
        node.type_name = std::move(*type);
      } else {
        node.kind = NodeKind::binary;
        auto right = level(index + 1);
        if (!right) return right;
        node.arguments.push_back(std::move(*right));
      }
      left = finish(std::move(node));
      if (!left) return left;
    }
    return left;
  }

  Result<std::string, FhirPathError> type_specifier() {
    std::string name;
    while (true) {
      const Token& token = current();
      if (token.kind != TokenKind::identifier && token.kind != TokenKind::delimited_identifier) {
        return error(ErrorKind::syntax, "expected a type name", token.position);
      }
      name += token.text;
      ++at_;
      if (!is_symbol(".") || ahead(1).kind != TokenKind::identifier) break;
      name += '.';
      ++at_;
    }
    return name;
  }

  Result<Node, FhirPathError> unary() {
    if (is_symbol("+") || is_symbol("-")) {
      if (++depth_ > limits_.max_depth) {
        return error(ErrorKind::too_deep, "expression nested too deeply", current().position);
      }
      Node node;
      node.kind = NodeKind::unary;
      node.name = current().text;
      node.position = current().position;
      ++at_;
      auto operand = unary();
      --depth_;
      if (!operand) return operand;
      node.arguments.push_back(std::move(*operand));
      return finish(std::move(node));
    }
    return postfix();
  }

  Result<Node, FhirPathError> postfix() {
    auto node = term();
    while (node) {
      if (is_symbol(".")) {
        ++at_;
        const Token& token = current();
        if (token.kind != TokenKind::identifier && token.kind != TokenKind::delimited_identifier) {
          return error(ErrorKind::syntax, "expected a name after '.'", token.position);
        }
        node = invocation(std::move(*node));
      } else if (is_symbol("[")) {
        Node indexer;
        indexer.kind = NodeKind::indexer;
        indexer.position = current().position;
        ++at_;
        auto index = expression();
        if (!index) return index;
        if (auto closed = expect("]"); !closed) return std::move(closed).take_error();
        indexer.focus.push_back(std::move(*node));
        indexer.arguments.push_back(std::move(*index));
        node = finish(std::move(indexer));
      } else {
        break;
      }
    }
    return node;
  }

  // A member or function call at the current identifier token; `focus` is what precedes the
  // dot, if anything.
  Result<Node, FhirPathError> invocation(std::optional<Node> focus) {
    const Token& token = current();
    Node node;
    node.name = token.text;
    node.position = token.position;
    ++at_;
    if (focus) node.focus.push_back(std::move(*focus));
    if (!is_symbol("(") || token.kind != TokenKind::identifier) {
      node.kind = NodeKind::member;
      return finish(std::move(node));
    }
    node.kind = NodeKind::function;
    const auto arity = function_arity(node.name);
    if (!arity) {
      return error(ErrorKind::unknown_function, "unknown function '" + node.name + "'",
                   node.position);
    }
    ++at_;
    if (++depth_ > limits_.max_depth) {
      return error(ErrorKind::too_deep, "expression nested too deeply", node.position);
    }
    if (!is_symbol(")")) {
      while (true) {
        auto argument = expression();
        if (!argument) return argument;
        node.arguments.push_back(std::move(*argument));
        if (!is_symbol(",")) break;
        ++at_;
      }
    }
    --depth_;
    if (auto closed = expect(")"); !closed) return std::move(closed).take_error();
    if (node.arguments.size() < arity->min || node.arguments.size() > arity->max) {
      return error(ErrorKind::wrong_arguments, "wrong number of arguments to '" + node.name + "'",
                   node.position);
    }
    if (arity->type_argument) {
      auto type = type_name_of(node.arguments.front());
      if (!type) return std::move(type).take_error();
      node.type_name = std::move(*type);
      node.arguments.clear();
    }
    return finish(std::move(node));
  }

  // The qualified name written as a function's type argument (ofType(FHIR.Patient)).
  Result<std::string, FhirPathError> type_name_of(const Node& argument) const {
    if (argument.kind != NodeKind::member) {
      return error(ErrorKind::wrong_arguments, "expected a type name", argument.position);
    }
    if (argument.focus.empty()) return argument.name;
    auto prefix = type_name_of(argument.focus.front());
    if (!prefix) return prefix;
    return *prefix + "." + argument.name;
  }

  Result<Node, FhirPathError> number() {
    const Token& token = current();
    const std::size_t position = token.position;
    const std::string text = token.text;
    ++at_;
    nlohmann::json value;
    std::string type;
    if (text.find('.') == std::string::npos) {
      std::int64_t integer = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return error(ErrorKind::syntax, "integer literal out of range", position);
      }
      value = integer;
      type = "Integer";
    } else {
      value = std::stod(text);
      type = "Decimal";
    }
    const bool calendar_unit = current().kind == TokenKind::identifier &&
                               std::find(kCalendarUnits.begin(), kCalendarUnits.end(),
                                         current().text) != kCalendarUnits.end();
    if (current().kind == TokenKind::string || calendar_unit) {
      nlohmann::json quantity = {{"value", value}, {"unit", current().text}};
      ++at_;
      return literal("Quantity", std::move(quantity), position);
    }
    return literal(type, std::move(value), position);
  }

  Result<Node, FhirPathError> term() {
    const Token& token = current();
    switch (token.kind) {
      case TokenKind::number:
        return number();
      case TokenKind::string: {
        ++at_;
        return literal("String", token.text, token.position);
      }
      case TokenKind::date_time: {
        ++at_;
        const std::string type = token.text.front() == 'T'                   ? "Time"
                                 : token.text.find('T') != std::string::npos ? "DateTime"
                                                                             : "Date";
        return literal(type, token.text.front() == 'T' ? token.text.substr(1) : token.text,
                       token.position);
      }
      case TokenKind::external_constant: {
        Node node;
        node.kind = NodeKind::constant;
        node.name = token.text;
        node.position = token.position;
        ++at_;
        return node;
      }
      case TokenKind::special_variable: {
        Node node;
        node.position = token.position;
        if (token.text == "this")
          node.kind = NodeKind::this_variable;
        else if (token.text == "index")
          node.kind = NodeKind::index_variable;
        else if (token.text == "total")
          node.kind = NodeKind::total_variable;
        else
          return error(ErrorKind::syntax, "unknown variable $" + token.text, token.position);
        ++at_;
        return node;
      }
      case TokenKind::identifier:
        if (token.text == "true" || token.text == "false") {
          ++at_;
          return literal("Boolean", token.text == "true", token.position);
        }
        return invocation(std::nullopt);
      case TokenKind::delimited_identifier:
        return invocation(std::nullopt);
      case TokenKind::symbol:
        if (token.text == "(") {
          ++at_;
          auto inner = expression();
          if (!inner) return inner;
          if (auto closed = expect(")"); !closed) return std::move(closed).take_error();
          return inner;
        }
        if (token.text == "{" && ahead(1).kind == TokenKind::symbol && ahead(1).text == "}") {
          Node node;
          node.kind = NodeKind::empty;
          node.position = token.position;
          at_ += 2;
          return node;
        }
        return unexpected();
      case TokenKind::end:
        return unexpected();
    }
    return unexpected();
  }

  std::vector<Token> tokens_;
  const ParseLimits& limits_;
  std::size_t at_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

Result<Expression, FhirPathError> parse(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_length) {
    return FhirPathError{ErrorKind::too_long, "expression longer than the limit",
                         limits.max_length};
  }
  auto tokens = tokenize(text);
  if (!tokens) return std::move(tokens).take_error();
  auto root = Parser(std::move(*tokens), limits).run();
  if (!root) return std::move(root).take_error();
  return Expression(std::string(text), std::make_shared<const Node>(std::move(*root)));
}

}  // namespace gateway::fhirpath
