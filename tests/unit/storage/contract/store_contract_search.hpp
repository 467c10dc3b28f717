// Contract: every clause kind (positive and negative), sorting, paging with cursors, totals,
// includes, revincludes and the compartment restriction.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>

#include "store_contract_support.hpp"

namespace gateway::storage::contract {

template <typename Factory>
class StoreSearchContract : public StoreContractTest<Factory> {
 protected:
  void add(std::string type, std::string id, IndexValues index) {
    ASSERT_THAT(put(this->store(), write_of(std::move(type), std::move(id), std::move(index))),
                StoreOk());
  }
  std::vector<std::string> find(std::string type, std::vector<Clause> clauses) {
    auto ids = search_ids(this->store(), query_of(std::move(type), std::move(clauses)));
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};
TYPED_TEST_SUITE_P(StoreSearchContract);

using Ids = std::vector<std::string>;

inline IndexValues dated(std::string param, std::int64_t low, std::int64_t high) {
  IndexValues index;
  index.dates.push_back({std::move(param), low, high});
  return index;
}

TYPED_TEST_P(StoreSearchContract, TokenForms) {
  this->add("Patient", "sys", with_tokens({{"identifier", "urn:a", "1", ""}}));
  this->add("Patient", "nosys", with_tokens({{"identifier", "", "1", ""}}));
  this->add("Patient", "other", with_tokens({{"identifier", "urn:b", "2", ""}}));
  auto find = [&](std::optional<std::string> system, std::optional<std::string> code) {
    return this->find("Patient", {clause("identifier", {TokenMatch{system, code, ""}})});
  };
  EXPECT_EQ(find("urn:a", "1"), (Ids{"sys"}));
  EXPECT_EQ(find("", "1"), (Ids{"nosys"}));
  EXPECT_EQ(find(std::nullopt, "1"), (Ids{"nosys", "sys"}));
  EXPECT_EQ(find("urn:b", std::nullopt), (Ids{"other"}));
  EXPECT_EQ(find("urn:a", "2"), (Ids{}));
  EXPECT_EQ(find(std::nullopt, "3"), (Ids{}));
  EXPECT_EQ(this->find("Condition", {clause("identifier", {TokenMatch{std::nullopt, "1", ""}})}),
            (Ids{}));
  // OR of values, AND of clauses
  EXPECT_EQ(this->find("Patient", {clause("identifier", {TokenMatch{"urn:a", "1", ""},
                                                         TokenMatch{"urn:b", "2", ""}})}),
            (Ids{"other", "sys"}));
  EXPECT_EQ(this->find("Patient", {clause("identifier", {TokenMatch{"urn:a", "1", ""}}),
                                   clause("identifier", {TokenMatch{"urn:b", "2", ""}})}),
            (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, TokenOfTypeAndNot) {
  this->add("Patient", "mr", with_tokens({{"identifier", "urn:a", "1", "urn:v2|MR"}}));
  this->add("Patient", "ssn", with_tokens({{"identifier", "urn:a", "1", "urn:v2|SS"}}));
  this->add("Patient", "none", {});
  EXPECT_EQ(this->find("Patient", {clause("identifier", {TokenMatch{"urn:a", "1", "urn:v2|MR"}})}),
            (Ids{"mr"}));
  EXPECT_EQ(this->find("Patient", {clause("identifier", {TokenMatch{"urn:a", "1", "urn:v2|XX"}})}),
            (Ids{}));
  EXPECT_EQ(
      this->find("Patient", {clause("identifier", {TokenMatch{std::nullopt, "1", ""}}, true)}),
      (Ids{"none"}));
}

TYPED_TEST_P(StoreSearchContract, StringPrefixContainsExact) {
  IndexValues hansen;
  hansen.strings.push_back({"name", "hansen", "Hansen"});
  IndexValues percent;
  percent.strings.push_back({"name", "50% off_x", "50% off_X"});
  IndexValues abc;
  abc.strings.push_back({"name", "abc", "abc"});
  this->add("Patient", "hansen", hansen);
  this->add("Patient", "percent", percent);
  this->add("Patient", "abc", abc);
  auto by = [&](StringMatch::Mode mode, std::string value) {
    return this->find("Patient", {clause("name", {StringMatch{mode, std::move(value)}})});
  };
  EXPECT_EQ(by(StringMatch::Mode::prefix, "han"), (Ids{"hansen"}));
  EXPECT_EQ(by(StringMatch::Mode::prefix, "sen"), (Ids{}));
  EXPECT_EQ(by(StringMatch::Mode::contains, "sen"), (Ids{"hansen"}));
  EXPECT_EQ(by(StringMatch::Mode::contains, "0% o"), (Ids{"percent"}));
  EXPECT_EQ(by(StringMatch::Mode::contains, "%"), (Ids{"percent"}));
  EXPECT_EQ(by(StringMatch::Mode::contains, "f_x"), (Ids{"percent"}));
  EXPECT_EQ(by(StringMatch::Mode::contains, "a_c"), (Ids{}));
  EXPECT_EQ(by(StringMatch::Mode::prefix, "a%"), (Ids{}));
  EXPECT_EQ(by(StringMatch::Mode::exact, "Hansen"), (Ids{"hansen"}));
  EXPECT_EQ(by(StringMatch::Mode::exact, "hansen"), (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, DatePrefixes) {
  // the search range is [100, 199]
  this->add("Condition", "inside", dated("onset", 120, 150));   // contained
  this->add("Condition", "before", dated("onset", 10, 50));     // entirely before
  this->add("Condition", "after", dated("onset", 300, 400));    // entirely after
  this->add("Condition", "overlap", dated("onset", 150, 250));  // starts inside, ends after
  this->add("Condition", "spans", dated("onset", 50, 250));     // covers the whole range
  this->add("Condition", "undated", {});
  auto with = [&](Prefix prefix) {
    return this->find("Condition", {clause("onset", {DateMatch{prefix, 100, 199}})});
  };
  EXPECT_EQ(with(Prefix::eq), (Ids{"inside"}));
  EXPECT_EQ(with(Prefix::ne), (Ids{"after", "before", "overlap", "spans"}));
  EXPECT_EQ(with(Prefix::gt), (Ids{"after", "overlap", "spans"}));
  EXPECT_EQ(with(Prefix::lt), (Ids{"before", "spans"}));
  EXPECT_EQ(with(Prefix::ge), (Ids{"after", "inside", "overlap", "spans"}));
  EXPECT_EQ(with(Prefix::le), (Ids{"before", "inside", "spans"}));
  EXPECT_EQ(with(Prefix::sa), (Ids{"after"}));
  EXPECT_EQ(with(Prefix::eb), (Ids{"before"}));
  EXPECT_EQ(with(Prefix::ap), (Ids{"inside", "overlap", "spans"}));
  // open ends
  this->add("Condition", "open",
            dated("onset", std::numeric_limits<std::int64_t>::min(),
                  std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(this->find("Condition", {clause("onset", {DateMatch{Prefix::sa, 100, 199}})}),
            (Ids{"after"}));
}

TYPED_TEST_P(StoreSearchContract, NumberPrefixesAndUnits) {
  IndexValues five;
  five.numbers.push_back({"value", 4.5, 5.5, "http://unitsofmeasure.org", "mg"});
  IndexValues ten;
  ten.numbers.push_back({"value", 9.5, 10.5, "http://unitsofmeasure.org", "g"});
  this->add("Observation", "five", five);
  this->add("Observation", "ten", ten);
  auto with = [&](NumberMatch match) {
    return this->find("Observation", {clause("value", {std::move(match)})});
  };
  EXPECT_EQ(with({Prefix::eq, 4.0, 6.0, std::nullopt, std::nullopt}), (Ids{"five"}));
  EXPECT_EQ(with({Prefix::gt, 6.0, 6.0, std::nullopt, std::nullopt}), (Ids{"ten"}));
  EXPECT_EQ(with({Prefix::lt, 6.0, 6.0, std::nullopt, std::nullopt}), (Ids{"five"}));
  EXPECT_EQ(with({Prefix::gt, 1.0, 1.0, "http://unitsofmeasure.org", "g"}), (Ids{"ten"}));
  EXPECT_EQ(with({Prefix::eq, 4.0, 6.0, std::nullopt, "g"}), (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, ReferenceForms) {
  IndexValues literal;
  literal.references.push_back({"subject", "Patient", "p1", "", "", ""});
  IndexValues group;
  group.references.push_back({"subject", "Group", "p1", "", "", ""});
  IndexValues url;
  url.references.push_back({"subject", "", "", "https://other.example/Patient/9", "", ""});
  IndexValues logical;
  logical.references.push_back({"subject", "", "", "", "urn:oid:2.16.578.1.12.4.1.4.1", "123"});
  this->add("Condition", "literal", literal);
  this->add("Condition", "group", group);
  this->add("Condition", "url", url);
  this->add("Condition", "logical", logical);
  auto with = [&](ReferenceMatch match) {
    return this->find("Condition", {clause("subject", {std::move(match)})});
  };
  EXPECT_EQ(with({"Patient", "p1", "", std::nullopt, ""}), (Ids{"literal"}));
  EXPECT_EQ(with({"", "p1", "", std::nullopt, ""}), (Ids{"group", "literal"}));
  EXPECT_EQ(with({"Patient", "p2", "", std::nullopt, ""}), (Ids{}));
  EXPECT_EQ(with({"", "", "https://other.example/Patient/9", std::nullopt, ""}), (Ids{"url"}));
  EXPECT_EQ(with({"", "", "", "urn:oid:2.16.578.1.12.4.1.4.1", "123"}), (Ids{"logical"}));
  EXPECT_EQ(with({"", "", "", std::nullopt, "123"}), (Ids{"logical"}));
  EXPECT_EQ(with({"", "", "", "urn:other", "123"}), (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, UriExactBelowAbove) {
  IndexValues deep;
  deep.uris.push_back({"url", "http://acme.org/fhir/ValueSet/123"});
  IndexValues top;
  top.uris.push_back({"url", "http://acme.org/fhir"});
  this->add("ValueSet", "deep", deep);
  this->add("ValueSet", "top", top);
  auto with = [&](UriMatch::Mode mode, std::string uri) {
    return this->find("ValueSet", {clause("url", {UriMatch{mode, std::move(uri)}})});
  };
  EXPECT_EQ(with(UriMatch::Mode::exact, "http://acme.org/fhir"), (Ids{"top"}));
  EXPECT_EQ(with(UriMatch::Mode::below, "http://acme.org/fhir/ValueSet"), (Ids{"deep"}));
  EXPECT_EQ(with(UriMatch::Mode::above, "http://acme.org/fhir/ValueSet/123/_history/5"),
            (Ids{"deep", "top"}));
  EXPECT_EQ(with(UriMatch::Mode::above, "http://other.org/fhir"), (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, MissingTrueAndFalse) {
  this->add("Condition", "dated", dated("onset", 1, 2));
  this->add("Condition", "undated", {});
  Clause missing;
  missing.param = "onset";
  missing.missing = true;
  EXPECT_EQ(this->find("Condition", {missing}), (Ids{"undated"}));
  missing.missing = false;
  EXPECT_EQ(this->find("Condition", {missing}), (Ids{"dated"}));
}

TYPED_TEST_P(StoreSearchContract, IdAndLastUpdated) {
  auto a = put(this->store(), write_of("Patient", "a"));
  ASSERT_THAT(a, StoreOk());
  auto b = put(this->store(), write_of("Patient", "b"));
  ASSERT_THAT(b, StoreOk());
  EXPECT_EQ(this->find("Patient", {clause("_id", {TokenMatch{std::nullopt, "a", ""}})}),
            (Ids{"a"}));
  EXPECT_EQ(this->find("Patient", {clause("_id", {TokenMatch{std::nullopt, "a", ""},
                                                  TokenMatch{std::nullopt, "b", ""}})}),
            (Ids{"a", "b"}));
  EXPECT_EQ(this->find("Patient", {clause("_id", {TokenMatch{std::nullopt, "z", ""}})}), (Ids{}));
  const auto at = b->version.last_updated;
  EXPECT_EQ(this->find("Patient", {clause("_lastUpdated", {DateMatch{Prefix::gt, at, at}})}),
            (Ids{}));
  EXPECT_EQ(this->find("Patient", {clause("_lastUpdated", {DateMatch{Prefix::le, at, at}})}),
            (Ids{"a", "b"}));
  EXPECT_EQ(
      this->find("Patient", {clause("_lastUpdated", {DateMatch{Prefix::eq, 0, at - 100000}})}),
      (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, OnlyCurrentVersionsMatch) {
  this->add("Patient", "a", with_tokens({{"identifier", "", "old", ""}}));
  this->add("Patient", "a", with_tokens({{"identifier", "", "new", ""}}));
  this->add("Patient", "gone", with_tokens({{"identifier", "", "new", ""}}));
  ASSERT_THAT(remove(this->store(), "Patient", "gone"), StoreOk());
  EXPECT_EQ(this->find("Patient", {clause("identifier", {TokenMatch{std::nullopt, "old", ""}})}),
            (Ids{}));
  EXPECT_EQ(this->find("Patient", {clause("identifier", {TokenMatch{std::nullopt, "new", ""}})}),
            (Ids{"a"}));
  EXPECT_EQ(this->find("Patient", {}), (Ids{"a"}));
}

TYPED_TEST_P(StoreSearchContract, ChainedAndLogicalReference) {
  this->add("Patient", "p1", with_tokens({{"identifier", "urn:fnr", "111", ""}}));
  this->add("Patient", "p2", with_tokens({{"identifier", "urn:fnr", "222", ""}}));
  IndexValues to_p1;
  to_p1.references.push_back({"subject", "Patient", "p1", "", "", ""});
  IndexValues to_p2;
  to_p2.references.push_back({"subject", "Patient", "p2", "", "", ""});
  IndexValues logical;
  logical.references.push_back({"subject", "", "", "", "urn:fnr", "111"});
  this->add("Condition", "c1", to_p1);
  this->add("Condition", "c2", to_p2);
  this->add("Condition", "c3", logical);
  auto inner =
      std::make_shared<const Clause>(clause("identifier", {TokenMatch{"urn:fnr", "111", ""}}));
  EXPECT_EQ(this->find("Condition", {clause("subject", {ChainMatch{"Patient", inner, false}})}),
            (Ids{"c1"}));
  EXPECT_EQ(this->find("Condition", {clause("subject", {ChainMatch{"Patient", inner, true}})}),
            (Ids{"c1", "c3"}));
  auto nobody =
      std::make_shared<const Clause>(clause("identifier", {TokenMatch{"urn:fnr", "999", ""}}));
  EXPECT_EQ(this->find("Condition", {clause("subject", {ChainMatch{"Patient", nobody, true}})}),
            (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, ReverseChainHas) {
  this->add("Patient", "p1", {});
  this->add("Patient", "p2", {});
  IndexValues diabetes;
  diabetes.tokens.push_back({"code", "http://snomed.info/sct", "44054006", ""});
  diabetes.references.push_back({"subject", "Patient", "p1", "", "", ""});
  IndexValues asthma;
  asthma.tokens.push_back({"code", "http://snomed.info/sct", "195967001", ""});
  asthma.references.push_back({"subject", "Patient", "p2", "", "", ""});
  this->add("Condition", "c1", diabetes);
  this->add("Condition", "c2", asthma);
  auto inner = std::make_shared<const Clause>(
      clause("code", {TokenMatch{"http://snomed.info/sct", "44054006", ""}}));
  EXPECT_EQ(this->find("Patient", {clause("_has", {HasMatch{"Condition", "subject", inner}})}),
            (Ids{"p1"}));
  EXPECT_EQ(
      this->find("Patient", {clause("_has", {HasMatch{"Condition", "subject", inner}}, true)}),
      (Ids{"p2"}));
  EXPECT_EQ(this->find("Patient", {clause("_has", {HasMatch{"Procedure", "subject", inner}})}),
            (Ids{}));
}

TYPED_TEST_P(StoreSearchContract, SortsByKeysWithMissingValuesLast) {
  auto person = [](std::string name, std::optional<std::int64_t> born) {
    IndexValues index;
    index.strings.push_back({"family", name, name});
    if (born) index.dates.push_back({"birthdate", *born, *born + 10});
    return index;
  };
  this->add("Patient", "a", person("berg", 100));
  this->add("Patient", "b", person("aas", 300));
  this->add("Patient", "c", person("berg", 200));
  this->add("Patient", "d", person("aas", std::nullopt));
  auto sorted = [&](std::vector<SortKey> keys) {
    auto query = query_of("Patient");
    query.sort = std::move(keys);
    return search_ids(this->store(), query);
  };
  const SortKey family{"family", SortKey::Kind::string, false};
  const SortKey born_desc{"birthdate", SortKey::Kind::date, true};
  const SortKey born{"birthdate", SortKey::Kind::date, false};
  EXPECT_EQ(sorted({family, born_desc}), (Ids{"b", "d", "c", "a"}));
  EXPECT_EQ(sorted({born}), (Ids{"a", "c", "b", "d"}));
  EXPECT_EQ(sorted({born_desc}), (Ids{"b", "c", "a", "d"}));
  EXPECT_EQ(sorted({{"", SortKey::Kind::id, true}}), (Ids{"d", "c", "b", "a"}));
  // written in this order; equal timestamps fall back to the id
  EXPECT_EQ(sorted({{"", SortKey::Kind::last_updated, false}}), (Ids{"a", "b", "c", "d"}));
}

TYPED_TEST_P(StoreSearchContract, DescendingDatesSortByTheirEnd) {
  this->add("Condition", "long", dated("onset", 100, 900));  // starts first, ends last
  this->add("Condition", "short", dated("onset", 500, 600));
  auto query = query_of("Condition");
  query.sort = {{"onset", SortKey::Kind::date, true}};
  EXPECT_EQ(search_ids(this->store(), query), (Ids{"long", "short"}));
  query.sort = {{"onset", SortKey::Kind::date, false}};
  EXPECT_EQ(search_ids(this->store(), query), (Ids{"long", "short"}));
}

TYPED_TEST_P(StoreSearchContract, PagesWithCursorAndAccurateTotal) {
  for (int i = 0; i < 25; ++i) this->add("Patient", "p" + std::to_string(100 + i), {});
  auto query = query_of("Patient");
  query.count = 10;
  query.total = TotalMode::accurate;
  query.sort = {{"", SortKey::Kind::id, false}};
  auto first = this->store().search(query);
  ASSERT_THAT(first, StoreOk());
  EXPECT_EQ(first->matches.size(), 10u);
  EXPECT_EQ(first->total, 25);
  ASSERT_TRUE(first->next);
  EXPECT_EQ(first->next->snapshot, first->snapshot);
  const auto all = search_ids(this->store(), query);
  ASSERT_EQ(all.size(), 25u);
  EXPECT_EQ(all.front(), "p100");
  EXPECT_EQ(all.back(), "p124");
  query.count = 0;
  auto only_total = this->store().search(query);
  ASSERT_THAT(only_total, StoreOk());
  EXPECT_TRUE(only_total->matches.empty());
  EXPECT_EQ(only_total->total, 25);
  query.count = 10;
  query.clauses = {clause("_id", {TokenMatch{std::nullopt, "p101", ""}})};
  EXPECT_EQ(this->store().search(query)->total, 1);
}

TYPED_TEST_P(StoreSearchContract, SinglePageSeesEverythingCommittedAndOffersNoCursor) {
  for (int i = 0; i < 5; ++i) this->add("Patient", "p" + std::to_string(100 + i), {});
  auto query = query_of("Patient");
  query.count = 3;
  query.single_page = true;
  query.total = TotalMode::accurate;
  auto page = this->store().search(query);
  ASSERT_THAT(page, StoreOk());
  EXPECT_EQ(page->matches.size(), 3u);
  EXPECT_EQ(page->total, 5);
  EXPECT_FALSE(page->next);
  this->add("Patient", "p200", {});
  query.clauses = {clause("_id", {TokenMatch{std::nullopt, "p200", ""}})};
  page = this->store().search(query);
  ASSERT_THAT(page, StoreOk());
  ASSERT_EQ(page->matches.size(), 1u);
  EXPECT_EQ(page->matches[0].id, "p200");
}

TYPED_TEST_P(StoreSearchContract, CursorIsStableAcrossWritesBetweenPages) {
  std::set<std::string> before;
  for (int i = 0; i < 30; ++i) {
    const std::string id = "p" + std::to_string(100 + i);
    this->add("Patient", id, {});
    before.insert(id);
  }
  auto query = query_of("Patient");  // default sort: by lastUpdated, which the writes change
  query.count = 7;
  std::vector<std::string> seen;
  for (int page = 0; page < 20; ++page) {
    auto result = this->store().search(query);
    ASSERT_THAT(result, StoreOk());
    for (const auto& match : result->matches) seen.push_back(match.id);
    // between pages: updates move resources to the front, a deletion, and new resources
    ASSERT_THAT(put(this->store(), write_of("Patient", "p" + std::to_string(100 + page))),
                StoreOk());
    ASSERT_THAT(put(this->store(), write_of("Patient", "new" + std::to_string(page))), StoreOk());
    ASSERT_THAT(remove(this->store(), "Patient", "p" + std::to_string(129 - page)), StoreOk());
    if (!result->next) break;
    query.cursor = result->next;
  }
  EXPECT_EQ(seen.size(), before.size());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), before);
}

TYPED_TEST_P(StoreSearchContract, IncludesAndRevincludes) {
  this->add("Patient", "p1", {});
  this->add("Patient", "p2", {});
  IndexValues to_p1;
  to_p1.references.push_back({"subject", "Patient", "p1", "", "", ""});
  this->add("Condition", "c1", to_p1);
  this->add("Condition", "c2", to_p1);
  IndexValues to_missing;
  to_missing.references.push_back({"subject", "Patient", "nobody", "", "", ""});
  this->add("Condition", "c3", to_missing);

  auto conditions = query_of("Condition");
  conditions.includes = {{"Condition", "subject", "", false}};
  auto page = this->store().search(conditions);
  ASSERT_THAT(page, StoreOk());
  EXPECT_EQ(page->matches.size(), 3u);
  EXPECT_EQ(ids_of(page->included), (Ids{"p1"}));  // once, though two conditions point to it

  conditions.includes = {{"Condition", "subject", "Group", false}};
  EXPECT_TRUE(this->store().search(conditions)->included.empty());

  auto patients = query_of("Patient");
  patients.includes = {{"Condition", "subject", "", true}};
  auto reverse = this->store().search(patients);
  ASSERT_THAT(reverse, StoreOk());
  auto included = ids_of(reverse->included);
  std::sort(included.begin(), included.end());
  EXPECT_EQ(included, (Ids{"c1", "c2"}));
}

TYPED_TEST_P(StoreSearchContract, CompartmentRestrictsMatchesAndIncludes) {
  IndexValues p1;
  p1.compartments = {compartment_key("p1")};
  IndexValues p2;
  p2.compartments = {compartment_key("p2")};
  this->add("Patient", "p1", p1);
  this->add("Patient", "p2", p2);
  IndexValues c1 = p1;
  c1.references.push_back({"subject", "Patient", "p1", "", "", ""});
  c1.tokens.push_back({"code", "", "x", ""});
  IndexValues c2 = p2;
  c2.references.push_back({"subject", "Patient", "p2", "", "", ""});
  c2.tokens.push_back({"code", "", "x", ""});
  IndexValues stray = p1;  // in p1's compartment, but refers to p2
  stray.references.push_back({"subject", "Patient", "p2", "", "", ""});
  this->add("Condition", "c1", c1);
  this->add("Condition", "c2", c2);
  this->add("Condition", "stray", stray);

  auto query = query_of("Condition", {clause("code", {TokenMatch{std::nullopt, "x", ""}})});
  query.compartments = std::vector<std::string>{compartment_key("p1")};
  query.total = TotalMode::accurate;
  EXPECT_EQ(search_ids(this->store(), query), (Ids{"c1"}));
  EXPECT_EQ(this->store().search(query)->total, 1);

  auto all = query_of("Condition");
  all.compartments = std::vector<std::string>{compartment_key("p1")};
  all.includes = {{"Condition", "subject", "", false}};
  auto page = this->store().search(all);
  ASSERT_THAT(page, StoreOk());
  auto matches = ids_of(page->matches);
  std::sort(matches.begin(), matches.end());
  EXPECT_EQ(matches, (Ids{"c1", "stray"}));
  EXPECT_EQ(ids_of(page->included), (Ids{"p1"}));  // p2 is outside the compartment

  all.compartments = std::vector<std::string>{};
  EXPECT_TRUE(search_ids(this->store(), all).empty());
  all.compartments = std::vector<std::string>{compartment_key("p1"), compartment_key("p2")};
  EXPECT_EQ(search_ids(this->store(), all).size(), 3u);
}

TYPED_TEST_P(StoreSearchContract, MalformedQueryIsInvalid) {
  auto query = query_of("Condition", {clause("code", {})});
  EXPECT_THAT(this->store().search(query), StoreFails(StoreErrorKind::invalid));
}

REGISTER_TYPED_TEST_SUITE_P(StoreSearchContract, TokenForms, TokenOfTypeAndNot,
                            StringPrefixContainsExact, DatePrefixes, NumberPrefixesAndUnits,
                            ReferenceForms, UriExactBelowAbove, MissingTrueAndFalse,
                            IdAndLastUpdated, OnlyCurrentVersionsMatch, ChainedAndLogicalReference,
                            ReverseChainHas, SortsByKeysWithMissingValuesLast,
                            DescendingDatesSortByTheirEnd, PagesWithCursorAndAccurateTotal,
                            SinglePageSeesEverythingCommittedAndOffersNoCursor,
                            CursorIsStableAcrossWritesBetweenPages, IncludesAndRevincludes,
                            CompartmentRestrictsMatchesAndIncludes, MalformedQueryIsInvalid);

}  // namespace gateway::storage::contract
