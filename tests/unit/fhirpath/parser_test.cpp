// Parser tests: the grammar's forms, precedence in the tree, errors with positions, limits,
// and every expression of the official R4B SearchParameters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "fhirpath/expression.hpp"
#include "result_matchers.hpp"

namespace gateway::fhirpath {
namespace {

using gateway::testing::IsOk;

FhirPathError error_of(std::string_view text, const ParseLimits& limits = {}) {
  auto parsed = parse(text, limits);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed ? FhirPathError{} : parsed.error();
}

TEST(FhirPathParser, ParsesTheGrammarsForms) {
  for (const char* text : {
           "Patient.name.given",
           "name.where(use = 'official').family.first()",
           "Bundle.entry[0].resource",
           "(Patient.deceased as dateTime)",
           "Condition.abatement.as(Age) | Condition.abatement.as(Range)",
           "subject.where(resolve() is Patient)",
           "extension('http://example.org/x').value",
           "%resource.id & '-' & %`vs-x` & %'quoted'",
           "$this.code contains 'x' and true implies false xor {} or 1 in (1 | 2)",
           "-5 + +3 * 2 div 1 mod 7 - 1.5 / 2",
           "@2015-02-04T14:34:28.123+01:00 > @2015 and @T10:30 < @T11",
           "4 'mg' = 4 'mg' and 2 days != 3 weeks",
           "`div`.`class` // a comment\n /* and another */",
           "iif(exists(), 'yes', 'no').lower().substring(1, 2)",
           "a.is(FHIR.Patient) and a.ofType(System.String).empty() and b is FHIR.string",
           "a !~ b and a ~ b and a <= b and a >= b and a != b",
       }) {
    EXPECT_THAT(parse(text), IsOk()) << text;
  }
}

TEST(FhirPathParser, PrecedenceShapesTheTree) {
  // '|' binds weaker than 'is'/'as' and stronger than '=': (a as X) | (b as Y)
  auto parsed = parse("a as Quantity | b as Range");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->root().kind, NodeKind::binary);
  EXPECT_EQ(parsed->root().name, "|");
  EXPECT_EQ(parsed->root().arguments[0].kind, NodeKind::type_operator);

  parsed = parse("a = b and c or d implies e");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->root().name, "implies");
  EXPECT_EQ(parsed->root().arguments[0].name, "or");
  EXPECT_EQ(parsed->root().arguments[0].arguments[0].name, "and");
  EXPECT_EQ(parsed->root().arguments[0].arguments[0].arguments[0].name, "=");

  parsed = parse("-a.b");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->root().kind, NodeKind::unary);
  EXPECT_EQ(parsed->root().arguments[0].kind, NodeKind::member);
  EXPECT_EQ(parsed->root().arguments[0].name, "b");
}

TEST(FhirPathParser, SyntaxErrorsTellThePosition) {
  FhirPathError error = error_of("Patient.name.");
  EXPECT_EQ(error.kind, ErrorKind::syntax);
  EXPECT_EQ(error.position, 13U);

  error = error_of("Patient.name where");
  EXPECT_EQ(error.kind, ErrorKind::syntax);
  EXPECT_EQ(error.position, 13U);
  EXPECT_THAT(error.message, ::testing::HasSubstr("where"));

  error = error_of("name.where(use = 'official'");
  EXPECT_EQ(error.kind, ErrorKind::syntax);
  EXPECT_EQ(error.position, 27U);

  error = error_of("'unterminated");
  EXPECT_EQ(error.kind, ErrorKind::syntax);
  EXPECT_EQ(error.position, 0U);

  error = error_of("a # b");
  EXPECT_EQ(error.position, 2U);

  EXPECT_EQ(error_of("@20x").kind, ErrorKind::syntax);
  EXPECT_EQ(error_of("99999999999999999999").kind, ErrorKind::syntax);
  EXPECT_EQ(error_of("$that").kind, ErrorKind::syntax);
  EXPECT_EQ(error_of("a is").kind, ErrorKind::syntax);
  EXPECT_EQ(error_of("").kind, ErrorKind::syntax);
  EXPECT_EQ(error_of("'\\q'").kind, ErrorKind::syntax);
}

TEST(FhirPathParser, UnknownFunctionsAndWrongArgumentsAreRefused) {
  FhirPathError error = error_of("Patient.name.frobnicate()");
  EXPECT_EQ(error.kind, ErrorKind::unknown_function);
  EXPECT_EQ(error.position, 13U);
  EXPECT_THAT(error.message, ::testing::HasSubstr("frobnicate"));

  EXPECT_EQ(error_of("name.where()").kind, ErrorKind::wrong_arguments);
  EXPECT_EQ(error_of("name.first(1)").kind, ErrorKind::wrong_arguments);
  EXPECT_EQ(error_of("name.ofType('x')").kind, ErrorKind::wrong_arguments);
}

TEST(FhirPathParser, DepthAndLengthAreBounded) {
  const std::string deep_parentheses = std::string(100000, '(') + "1" + std::string(100000, ')');
  ParseLimits unlimited_length;
  unlimited_length.max_length = 1 << 20;
  EXPECT_EQ(error_of(deep_parentheses, unlimited_length).kind, ErrorKind::too_deep);

  std::string long_chain = "a";
  for (int i = 0; i < 50000; ++i) long_chain += ".a";
  EXPECT_EQ(error_of(long_chain, unlimited_length).kind, ErrorKind::too_deep);

  EXPECT_EQ(error_of(std::string(200000, '-') + "1", unlimited_length).kind, ErrorKind::too_deep);

  std::string nested_calls = "a";
  for (int i = 0; i < 20000; ++i) nested_calls = "where(" + nested_calls;
  nested_calls += std::string(20000, ')');
  EXPECT_EQ(error_of(nested_calls, unlimited_length).kind, ErrorKind::too_deep);

  EXPECT_EQ(error_of(std::string(20000, 'a')).kind, ErrorKind::too_long);

  ParseLimits shallow;
  shallow.max_depth = 3;
  EXPECT_THAT(parse("a.b", shallow), IsOk());
  EXPECT_EQ(error_of("a.b.c.d", shallow).kind, ErrorKind::too_deep);
}

TEST(FhirPathParser, EveryOfficialSearchParameterExpressionParses) {
  std::size_t parameters = 0;
  std::size_t expressions = 0;
  std::vector<std::string> failures;
  for (const auto& entry : std::filesystem::directory_iterator(FHIR_CORE_PACKAGE)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("SearchParameter-")) continue;
    std::ifstream in(entry.path());
    const auto definition = nlohmann::json::parse(in);
    ++parameters;
    if (!definition.contains("expression")) continue;
    ++expressions;
    const std::string text = definition["expression"];
    if (auto parsed = parse(text); !parsed) {
      failures.push_back(name + ": " + parsed.error().message + " at " +
                         std::to_string(parsed.error().position));
    }
  }
  std::cout << "search parameters: " << parameters << ", with an expression: " << expressions
            << ", failed to parse: " << failures.size() << "\n";
  EXPECT_GT(expressions, 1000U);
  EXPECT_THAT(failures, ::testing::IsEmpty());
}

}  // namespace
}  // namespace gateway::fhirpath
