// Query parsing: every parameter form to the SearchQuery the store runs, and every problem as
// an issue naming its parameter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry_fixture.hpp"
#include "search/query_parser.hpp"

namespace gateway::search {
namespace {

using storage::Prefix;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

constexpr std::int64_t kNow = 1'735'689'600'000;   // 2025-01-01T00:00:00Z
constexpr std::int64_t k2024 = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
constexpr std::int64_t kDay = 86'400'000;

gateway::Result<ParsedSearch, SearchError> parse(const std::string& type,
                                                 const fhir::QueryParams& params,
                                                 bool lenient = false) {
  SearchInput input;
  input.type = type;
  input.params = &params;
  input.lenient = lenient;
  input.base_url = "https://gw.example/fhir/";
  input.now_ms = kNow;
  input.limits = fhir::PagingLimits{20, 100};
  return parse_search(testing::registry(), input);
}

storage::SearchQuery query(const std::string& type, const fhir::QueryParams& params) {
  auto parsed = parse(type, params);
  if (!parsed) {
    ADD_FAILURE() << "unexpected error: " << parsed.error().issues.front().diagnostics;
    return {};
  }
  return parsed->query;
}

template <typename Match>
Match only_match(const storage::SearchQuery& q) {
  EXPECT_THAT(q.clauses, SizeIs(1));
  EXPECT_THAT(q.clauses.at(0).any_of, SizeIs(1));
  return std::get<Match>(q.clauses.at(0).any_of.at(0));
}

// The issues of a failed parse as "expression: diagnostics".
std::vector<std::string> issues(const std::string& type, const fhir::QueryParams& params) {
  auto parsed = parse(type, params);
  std::vector<std::string> out;
  if (parsed) {
    ADD_FAILURE() << "parsed without error";
    return out;
  }
  for (const auto& issue : parsed.error().issues) out.push_back(issue.expression);
  return out;
}

TEST(QueryParser, TokenForms) {
  auto both = only_match<storage::TokenMatch>(query("Patient", {{"identifier", "urn:oid:1|123"}}));
  EXPECT_EQ(both.system, "urn:oid:1");
  EXPECT_EQ(both.code, "123");
  auto no_system = only_match<storage::TokenMatch>(query("Patient", {{"identifier", "|123"}}));
  EXPECT_EQ(no_system.system, "");
  EXPECT_EQ(no_system.code, "123");
  auto any_code = only_match<storage::TokenMatch>(query("Patient", {{"identifier", "urn:oid:1|"}}));
  EXPECT_EQ(any_code.system, "urn:oid:1");
  EXPECT_EQ(any_code.code, std::nullopt);
  auto code_only = only_match<storage::TokenMatch>(query("Patient", {{"gender", "female"}}));
  EXPECT_EQ(code_only.system, std::nullopt);
  EXPECT_EQ(code_only.code, "female");
  auto escaped = only_match<storage::TokenMatch>(query("Patient", {{"identifier", "a\\|b|c\\,d"}}));
  EXPECT_EQ(escaped.system, "a|b");
  EXPECT_EQ(escaped.code, "c,d");
}

TEST(QueryParser, TokenNotOfTypeAndMissing) {
  auto q = query("Condition", {{"clinical-status:not", "resolved,inactive"}});
  ASSERT_THAT(q.clauses, SizeIs(1));
  EXPECT_TRUE(q.clauses[0].negate);
  EXPECT_EQ(q.clauses[0].param, "clinical-status");
  EXPECT_THAT(q.clauses[0].any_of, SizeIs(2));

  auto of_type = only_match<storage::TokenMatch>(
      query("Patient",
            {{"identifier:of-type", "http://terminology.hl7.org/CodeSystem/v2-0203|MR|446053"}}));
  EXPECT_EQ(of_type.of_type, "http://terminology.hl7.org/CodeSystem/v2-0203|MR");
  EXPECT_EQ(of_type.code, "446053");
  EXPECT_EQ(of_type.system, std::nullopt);

  auto missing = query("Patient", {{"gender:missing", "true"}});
  ASSERT_THAT(missing.clauses, SizeIs(1));
  EXPECT_EQ(missing.clauses[0].missing, true);
  EXPECT_TRUE(missing.clauses[0].any_of.empty());
}

TEST(QueryParser, CommaIsOrRepeatIsAnd) {
  auto q = query("Patient", {{"gender", "male,female"}, {"family", "Nordmann"}, {"family", "Ola"}});
  ASSERT_THAT(q.clauses, SizeIs(3));
  EXPECT_THAT(q.clauses[0].any_of, SizeIs(2));
  EXPECT_EQ(q.clauses[1].param, "family");
  EXPECT_EQ(q.clauses[2].param, "family");
}

TEST(QueryParser, StringModesAndFolding) {
  auto prefix = only_match<storage::StringMatch>(query("Patient", {{"name", "ÉVA  Nilsen"}}));
  EXPECT_EQ(prefix.mode, storage::StringMatch::Mode::prefix);
  EXPECT_EQ(prefix.value, "eva nilsen");
  auto exact = only_match<storage::StringMatch>(query("Patient", {{"family:exact", "Ærø"}}));
  EXPECT_EQ(exact.mode, storage::StringMatch::Mode::exact);
  EXPECT_EQ(exact.value, "Ærø");
  auto contains =
      only_match<storage::StringMatch>(query("Patient", {{"address:contains", "Gate"}}));
  EXPECT_EQ(contains.mode, storage::StringMatch::Mode::contains);
  EXPECT_EQ(contains.value, "gate");
}

TEST(QueryParser, DatePrefixesAndPrecision) {
  auto year = only_match<storage::DateMatch>(query("Patient", {{"birthdate", "2024"}}));
  EXPECT_EQ(year.prefix, Prefix::eq);
  EXPECT_EQ(year.low, k2024);
  EXPECT_EQ(year.high, k2024 + 366 * kDay - 1);
  auto ge = only_match<storage::DateMatch>(query("Condition", {{"recorded-date", "ge2024-03"}}));
  EXPECT_EQ(ge.prefix, Prefix::ge);
  EXPECT_EQ(ge.low, k2024 + 60 * kDay);
  auto zoned =
      only_match<storage::DateMatch>(query("Procedure", {{"date", "lt2024-01-01T01:00:00+01:00"}}));
  EXPECT_EQ(zoned.prefix, Prefix::lt);
  EXPECT_EQ(zoned.low, k2024);
  EXPECT_EQ(zoned.high, k2024 + 999);
  for (auto [text, prefix] : std::vector<std::pair<std::string, Prefix>>{{"ne", Prefix::ne},
                                                                         {"gt", Prefix::gt},
                                                                         {"le", Prefix::le},
                                                                         {"sa", Prefix::sa},
                                                                         {"eb", Prefix::eb},
                                                                         {"eq", Prefix::eq}}) {
    EXPECT_EQ(only_match<storage::DateMatch>(query("Flag", {{"date", text + "2024"}})).prefix,
              prefix);
  }
}

TEST(QueryParser, ApproximateDatesWidenByTenPercentOfTheDistanceToNow) {
  // 2024-01-01 is 366 days before now: widened by 36.6 days each side.
  auto ap = only_match<storage::DateMatch>(query("Patient", {{"birthdate", "ap2024-01-01"}}));
  EXPECT_EQ(ap.prefix, Prefix::ap);
  const std::int64_t middle = k2024 + (kDay - 1) / 2;
  const std::int64_t widen = (kNow - middle) / 10;
  EXPECT_EQ(ap.low, k2024 - widen);
  EXPECT_EQ(ap.high, k2024 + kDay - 1 + widen);
  // Near now: at least a day.
  auto near = only_match<storage::DateMatch>(query("Patient", {{"birthdate", "ap2025-01-01"}}));
  EXPECT_EQ(near.low, kNow - kDay);
  EXPECT_EQ(near.high, kNow + 2 * kDay - 1);
}

TEST(QueryParser, NumberAndQuantity) {
  auto age = only_match<storage::NumberMatch>(
      query("Condition", {{"onset-age", "gt5|http://unitsofmeasure.org|a"}}));
  EXPECT_EQ(age.prefix, Prefix::gt);
  EXPECT_DOUBLE_EQ(age.low, 5);
  EXPECT_EQ(age.system, "http://unitsofmeasure.org");
  EXPECT_EQ(age.code, "a");
  auto eq = only_match<storage::NumberMatch>(query("Condition", {{"abatement-age", "100"}}));
  EXPECT_DOUBLE_EQ(eq.low, 99.5);
  EXPECT_DOUBLE_EQ(eq.high, 100.5);
  EXPECT_EQ(eq.system, std::nullopt);
  auto unit_only = only_match<storage::NumberMatch>(query("Condition", {{"onset-age", "1.5||a"}}));
  EXPECT_DOUBLE_EQ(unit_only.low, 1.45);
  EXPECT_EQ(unit_only.system, std::nullopt);
  EXPECT_EQ(unit_only.code, "a");
}

TEST(QueryParser, ReferenceForms) {
  auto typed = only_match<storage::ReferenceMatch>(query("Condition", {{"subject", "Patient/p1"}}));
  EXPECT_EQ(typed.target_type, "Patient");
  EXPECT_EQ(typed.target_id, "p1");
  auto bare = only_match<storage::ReferenceMatch>(query("Condition", {{"subject", "p1"}}));
  EXPECT_EQ(bare.target_type, "");
  EXPECT_EQ(bare.target_id, "p1");
  auto own = only_match<storage::ReferenceMatch>(
      query("Condition", {{"subject", "https://gw.example/fhir/Patient/p1/_history/3"}}));
  EXPECT_EQ(own.target_type, "Patient");
  EXPECT_EQ(own.target_id, "p1");
  EXPECT_EQ(own.url, "");
  auto other = only_match<storage::ReferenceMatch>(
      query("Condition", {{"subject", "https://elsewhere.example/fhir/Patient/p1"}}));
  EXPECT_EQ(other.url, "https://elsewhere.example/fhir/Patient/p1");
  auto type_modifier =
      only_match<storage::ReferenceMatch>(query("Condition", {{"subject:Patient", "p1"}}));
  EXPECT_EQ(type_modifier.target_type, "Patient");
  auto by_identifier = only_match<storage::ReferenceMatch>(query(
      "DocumentReference", {{"subject:identifier", "urn:oid:2.16.578.1.12.4.1.4.1|13116900216"}}));
  EXPECT_EQ(by_identifier.identifier_system, "urn:oid:2.16.578.1.12.4.1.4.1");
  EXPECT_EQ(by_identifier.identifier_value, "13116900216");
}

TEST(QueryParser, ChainThroughStoredPatient) {
  auto q =
      query("Condition", {{"patient.identifier", "urn:oid:2.16.578.1.12.4.1.4.1|13116900216"}});
  auto chain = only_match<storage::ChainMatch>(q);
  EXPECT_EQ(q.clauses[0].param, "patient");
  EXPECT_EQ(chain.target_type, "Patient");
  EXPECT_TRUE(chain.logical_identifier);
  ASSERT_NE(chain.inner, nullptr);
  EXPECT_EQ(chain.inner->param, "identifier");
  auto token = std::get<storage::TokenMatch>(chain.inner->any_of.at(0));
  EXPECT_EQ(token.code, "13116900216");

  // subject refers to Group or Patient; only Patient is stored, so it is the chain's target.
  auto by_name = only_match<storage::ChainMatch>(query("Condition", {{"subject.name", "nord"}}));
  EXPECT_EQ(by_name.target_type, "Patient");
  EXPECT_FALSE(by_name.logical_identifier);
  auto typed = only_match<storage::ChainMatch>(
      query("Condition", {{"subject:Patient.family:exact", "Nordmann"}}));
  EXPECT_EQ(std::get<storage::StringMatch>(typed.inner->any_of.at(0)).mode,
            storage::StringMatch::Mode::exact);
}

TEST(QueryParser, UriModes) {
  auto below = only_match<storage::UriMatch>(
      query("DocumentReference", {{"location:below", "https://docs.example/"}}));
  EXPECT_EQ(below.mode, storage::UriMatch::Mode::below);
  EXPECT_EQ(below.uri, "https://docs.example/");
  auto above = only_match<storage::UriMatch>(query("Patient", {{"_profile:above", "http://x/y"}}));
  EXPECT_EQ(above.mode, storage::UriMatch::Mode::above);
  auto exact = only_match<storage::UriMatch>(query("Patient", {{"_profile", "http://x/y"}}));
  EXPECT_EQ(exact.mode, storage::UriMatch::Mode::exact);
}

TEST(QueryParser, IdAndLastUpdated) {
  auto q = query("Patient", {{"_id", "a,b"}, {"_lastUpdated", "gt2024-01-01T00:00:00Z"}});
  ASSERT_THAT(q.clauses, SizeIs(2));
  EXPECT_EQ(q.clauses[0].param, "_id");
  EXPECT_EQ(std::get<storage::TokenMatch>(q.clauses[0].any_of[1]).code, "b");
  EXPECT_EQ(q.clauses[1].param, "_lastUpdated");
  EXPECT_EQ(std::get<storage::DateMatch>(q.clauses[1].any_of[0]).low, k2024);
}

TEST(QueryParser, SortCountTotal) {
  auto q = query("DocumentReference",
                 {{"_sort", "-date,_id,status"}, {"_count", "500"}, {"_total", "estimate"}});
  ASSERT_THAT(q.sort, SizeIs(3));
  EXPECT_EQ(q.sort[0].param, "date");
  EXPECT_EQ(q.sort[0].kind, storage::SortKey::Kind::date);
  EXPECT_TRUE(q.sort[0].descending);
  EXPECT_EQ(q.sort[1].kind, storage::SortKey::Kind::id);
  EXPECT_FALSE(q.sort[1].descending);
  EXPECT_EQ(q.sort[2].kind, storage::SortKey::Kind::token);
  EXPECT_EQ(q.count, 100u);  // bounded by the paging limits
  EXPECT_EQ(q.total, storage::TotalMode::estimate);
  EXPECT_EQ(query("Patient", {}).count, 20u);
  EXPECT_EQ(query("Patient", {}).total, storage::TotalMode::none);
  EXPECT_EQ(query("Patient", {{"_sort", "_lastUpdated"}}).sort.at(0).kind,
            storage::SortKey::Kind::last_updated);
}

TEST(QueryParser, IncludeAndRevinclude) {
  auto q = query("Condition", {{"_include", "Condition:subject:Patient"},
                               {"_include", "Condition:asserter"},
                               {"_revinclude", "Procedure:reason-reference"}});
  ASSERT_THAT(q.includes, SizeIs(3));
  EXPECT_EQ(q.includes[0].source_type, "Condition");
  EXPECT_EQ(q.includes[0].param, "subject");
  EXPECT_EQ(q.includes[0].target_type, "Patient");
  EXPECT_FALSE(q.includes[0].reverse);
  EXPECT_EQ(q.includes[1].target_type, "");
  EXPECT_EQ(q.includes[2].source_type, "Procedure");
  EXPECT_TRUE(q.includes[2].reverse);
}

TEST(QueryParser, HasOneLevel) {
  auto q = query("Patient", {{"_has:Condition:patient:code", "http://snomed.info/sct|38341003"}});
  auto has = only_match<storage::HasMatch>(q);
  EXPECT_EQ(q.clauses[0].param, "_has");
  EXPECT_EQ(has.source_type, "Condition");
  EXPECT_EQ(has.reference_param, "patient");
  ASSERT_NE(has.inner, nullptr);
  EXPECT_EQ(has.inner->param, "code");
  EXPECT_EQ(std::get<storage::TokenMatch>(has.inner->any_of.at(0)).system,
            "http://snomed.info/sct");
}

TEST(QueryParser, SummaryElementsAndPageTokenAreCarried) {
  auto parsed = parse("Patient", {{"_summary", "count"}, {"_page_token", "abc"}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->shape.summary, fhir::SummaryMode::count);
  EXPECT_EQ(parsed->query.count, 0u);
  EXPECT_EQ(parsed->query.total, storage::TotalMode::accurate);
  EXPECT_EQ(parsed->page_token, "abc");
  auto elements = parse("Patient", {{"_elements", "name,birthDate"}, {"_format", "json"}});
  ASSERT_TRUE(elements.ok());
  EXPECT_THAT(elements->shape.elements, ElementsAre("name", "birthDate"));
}

TEST(QueryParser, EveryProblemIsReportedWithItsParameter) {
  EXPECT_THAT(
      issues("Patient", {{"nonsense", "1"},
                         {"name:bogus", "x"},
                         {"birthdate", "2024-13-01"},
                         {"gender", "xx2024"},  // a prefix-like token is fine: no issue
                         {"birthdate", "zz2024"},
                         {"general-practitioner", "Observation/1"},
                         {"_count", "-1"},
                         {"_sort", "nope"},
                         {"_include", "Patient:name"},
                         {"_revinclude", "Device:patient:Device"},
                         {"_has:Condition:patient:_has:x", "y"},
                         {"organization.name.x", "y"},
                         {"gender:missing", "maybe"},
                         {"identifier:of-type", "a|b"},
                         {"_text", "x"},
                         {"_include:iterate", "Patient:link"},
                         {"_count", "5"},
                         {"gender:", "male"},
                         {"patient.", "x"}}),
      ElementsAre("nonsense", "name:bogus", "birthdate", "birthdate", "general-practitioner",
                  "_count", "_sort", "_include", "_revinclude", "_has:Condition:patient:_has:x",
                  "organization.name.x", "gender:missing", "identifier:of-type", "_text",
                  "_include:iterate", "_count", "gender:", "patient."));
}

TEST(QueryParser, IssueCodesSayInvalidOrNotSupported) {
  auto parsed = parse("Patient", {{"gender:text", "x"}, {"gender", ""}});
  ASSERT_FALSE(parsed.ok());
  ASSERT_THAT(parsed.error().issues, SizeIs(2));
  EXPECT_EQ(parsed.error().issues[0].code, "not-supported");
  EXPECT_EQ(parsed.error().issues[1].code, "invalid");
  EXPECT_EQ(search_error_response(parsed.error()).status, 400);
}

TEST(QueryParser, DiagnosticsSayWhatIsWrong) {
  auto parsed = parse("Patient", {{"birthdate", "zz2024"},
                                  {"_summary", "true"},
                                  {"_elements", "name"},
                                  {"organization.name", "x"},
                                  {"subject.name", "x"}});
  ASSERT_FALSE(parsed.ok());
  const auto& found = parsed.error().issues;
  ASSERT_THAT(found, SizeIs(4));
  EXPECT_EQ(found[0].diagnostics,
            "unknown comparison prefix: use eq, ne, gt, lt, ge, le, sa, eb or ap");
  EXPECT_EQ(found[1].expression, "organization.name");
  EXPECT_EQ(found[1].diagnostics, "organization refers to no stored type");
  EXPECT_EQ(found[2].expression, "subject.name");
  EXPECT_EQ(found[2].diagnostics, "unknown search parameter subject for Patient");
  EXPECT_EQ(found[3].expression, "_elements");
  EXPECT_EQ(found[3].code, "not-supported");
  // A chain through a parameter that may point at several stored types needs the type.
  auto ambiguous = parse("Flag", {{"author.name", "x"}});
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_THAT(ambiguous.error().issues[0].diagnostics,
              ::testing::HasSubstr("name the target type"));
  EXPECT_TRUE(parse("Flag", {{"author:Patient.name", "x"}}).ok());
  // A negated identifier chain cannot match logical references.
  auto negated = query("Condition", {{"patient.identifier:not", "a|b"}});
  EXPECT_FALSE(only_match<storage::ChainMatch>(negated).logical_identifier);
}

TEST(QueryParser, LenientHandlingIgnoresUnknownParameters) {
  auto parsed = parse("Patient", {{"nonsense", "1"}, {"gender", "male"}}, true);
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->query.clauses, SizeIs(1));
  ASSERT_THAT(parsed->warnings, SizeIs(1));
  EXPECT_EQ(parsed->warnings[0].expression, "nonsense");
  EXPECT_EQ(parsed->warnings[0].severity, "warning");
  // Bad values of known parameters stay errors.
  EXPECT_FALSE(parse("Patient", {{"birthdate", "x"}}, true).ok());
}

TEST(QueryParser, OnlyStoredTypesAreSearchable) { EXPECT_FALSE(parse("Observation", {}).ok()); }

}  // namespace
}  // namespace gateway::search
