// Evaluation tests: operators and precedence, three-valued logic, equality and ordering of
// strings, numbers, booleans and dates, the function library, errors as values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "r4b_model.hpp"
#include "result_matchers.hpp"

namespace gateway::fhirpath {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::values_of;

const json kPatient = json::parse(R"({
  "resourceType": "Patient", "id": "p1", "active": true,
  "name": [{"use": "official", "family": "Nordmann", "given": ["Ola", "Jakob"]},
           {"use": "nickname", "given": ["Olli"]}],
  "telecom": [{"system": "phone", "value": "+47 22 00 00 00"},
              {"system": "email", "value": "ola@example.org"}],
  "birthDate": "1980-05-17",
  "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                                "valueDateTime": "1980-05-17T14:35:45+01:00"}]},
  "deceasedBoolean": false,
  "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
                 "valueString": "Hansen"}]
})");

json single(std::string_view text, const json& resource = kPatient) {
  const auto values = values_of(text, resource);
  EXPECT_EQ(values.size(), 1U) << text;
  return values.empty() ? json() : values.front();
}

FhirPathError evaluation_error_of(std::string_view text, const json& resource = kPatient) {
  auto expression = parse(text);
  EXPECT_TRUE(expression.ok()) << text;
  if (!expression) return {};
  auto result = evaluate(*expression, resource, testing::r4b_model());
  EXPECT_FALSE(result.ok()) << text;
  return result ? FhirPathError{} : result.error();
}

TEST(FhirPathOperators, ArithmeticFollowsPrecedence) {
  EXPECT_EQ(single("1 + 2 * 3"), 7);
  EXPECT_EQ(single("(1 + 2) * 3"), 9);
  EXPECT_EQ(single("10 - 4 - 3"), 3);
  EXPECT_EQ(single("7 div 2"), 3);
  EXPECT_EQ(single("7 mod 4"), 3);
  EXPECT_EQ(single("7 / 2"), 3.5);
  EXPECT_EQ(single("-2 * 3"), -6);
  EXPECT_EQ(single("'ab' + 'cd'"), "abcd");
  EXPECT_EQ(single("'a' & {} & 'b'"), "ab");
  EXPECT_THAT(values_of("1 / 0", kPatient), IsEmpty());
  EXPECT_THAT(values_of("1 + {}", kPatient), IsEmpty());
  EXPECT_EQ(evaluation_error_of("9223372036854775807 + 1").kind, ErrorKind::evaluation);
  EXPECT_EQ(evaluation_error_of("'a' * 2").kind, ErrorKind::evaluation);
}

TEST(FhirPathOperators, ThreeValuedLogic) {
  struct Case {
    const char* text;
    std::optional<bool> expected;
  };
  for (const Case& c : std::vector<Case>{
           {"true and true", true},
           {"true and false", false},
           {"true and {}", std::nullopt},
           {"false and {}", false},
           {"{} and {}", std::nullopt},
           {"true or {}", true},
           {"false or {}", std::nullopt},
           {"false or false", false},
           {"true xor false", true},
           {"true xor true", false},
           {"true xor {}", std::nullopt},
           {"false implies {}", true},
           {"true implies {}", std::nullopt},
           {"{} implies true", true},
           {"{} implies false", std::nullopt},
           {"true implies false", false},
           {"(true).not()", false},
           {"{}.not()", std::nullopt},
           {"true or false and false", true},  // and binds tighter than or
           {"'text' and true", true},          // a single non-boolean is true
       }) {
    const auto values = values_of(c.text, kPatient);
    if (c.expected) {
      ASSERT_EQ(values.size(), 1U) << c.text;
      EXPECT_EQ(values.front(), *c.expected) << c.text;
    } else {
      EXPECT_THAT(values, IsEmpty()) << c.text;
    }
  }
  EXPECT_EQ(evaluation_error_of("name.given and true").kind, ErrorKind::evaluation);
}

TEST(FhirPathOperators, EqualityAndEquivalence) {
  EXPECT_EQ(single("'a' = 'a'"), true);
  EXPECT_EQ(single("'a' = 'A'"), false);
  EXPECT_EQ(single("'a' ~ 'A'"), true);
  EXPECT_EQ(single("'a  b' ~ 'A B'"), true);
  EXPECT_EQ(single("1 = 1.0"), true);
  EXPECT_EQ(single("1 != 2"), true);
  EXPECT_EQ(single("'1' = 1"), false);
  EXPECT_EQ(single("true = true"), true);
  EXPECT_THAT(values_of("{} = 1", kPatient), IsEmpty());
  EXPECT_EQ(single("{} ~ {}"), true);
  EXPECT_EQ(single("(1 | 2) = (1 | 2)"), true);
  EXPECT_EQ(single("(1 | 2) = (2 | 1)"), false);
  EXPECT_EQ(single("name[0] = name[0]"), true);
  EXPECT_EQ(single("name[0] = name[1]"), false);
  EXPECT_EQ(single("birthDate = @1980-05-17"), true);
  EXPECT_THAT(values_of("birthDate = @1980-05-17T10:00", kPatient), IsEmpty());  // precision
  EXPECT_EQ(single("@2020-01-01T10:00:00Z = @2020-01-01T11:00:00+01:00"), true);
  EXPECT_EQ(single("@2020-01-01 ~ @2020-01-01T00:00"), false);
}

TEST(FhirPathOperators, Ordering) {
  EXPECT_EQ(single("1 < 2"), true);
  EXPECT_EQ(single("2.5 >= 2"), true);
  EXPECT_EQ(single("'abc' < 'abd'"), true);
  EXPECT_EQ(single("birthDate < @2000-01-01"), true);
  EXPECT_EQ(single("birthDate > @1979"), true);
  EXPECT_THAT(values_of("birthDate > @1980", kPatient), IsEmpty());  // same year: undecided
  EXPECT_EQ(single("@2020-01-01T23:30:00-02:00 > @2020-01-02T00:30:00Z"), true);
  EXPECT_EQ(single("@T10:00 < @T10:30"), true);
  EXPECT_THAT(values_of("@2020 < @2020-06", kPatient), IsEmpty());
  EXPECT_THAT(values_of("1 < 'a'", kPatient), IsEmpty());
  EXPECT_THAT(values_of("{} < 1", kPatient), IsEmpty());
  EXPECT_EQ(single("4 'mg' < 5 'mg'"), true);
}

TEST(FhirPathOperators, UnionMembershipAndIndexer) {
  EXPECT_THAT(values_of("1 | 2 | 1", kPatient), ElementsAre(1, 2));
  EXPECT_THAT(values_of("name.given | name.given", kPatient), ElementsAre("Ola", "Jakob", "Olli"));
  EXPECT_EQ(single("'Ola' in name.given"), true);
  EXPECT_EQ(single("name.given contains 'Per'"), false);
  EXPECT_THAT(values_of("{} in name.given", kPatient), IsEmpty());
  EXPECT_EQ(single("name.given[1]"), "Jakob");
  EXPECT_THAT(values_of("name.given[7]", kPatient), IsEmpty());
  EXPECT_EQ(evaluation_error_of("name.given['x']").kind, ErrorKind::evaluation);
}

TEST(FhirPathFunctions, ExistenceAndFiltering) {
  EXPECT_EQ(single("name.exists()"), true);
  EXPECT_EQ(single("photo.exists()"), false);
  EXPECT_EQ(single("photo.empty()"), true);
  EXPECT_EQ(single("name.exists(use = 'nickname')"), true);
  EXPECT_EQ(single("name.exists(use = 'maiden')"), false);
  EXPECT_EQ(single("name.count()"), 2);
  EXPECT_EQ(single("name.where(use = 'official').family"), "Nordmann");
  EXPECT_THAT(values_of("telecom.where(system='email').value", kPatient),
              ElementsAre("ola@example.org"));
  EXPECT_THAT(values_of("name.select(given.first())", kPatient), ElementsAre("Ola", "Olli"));
  EXPECT_THAT(values_of("name.given.where($this.startsWith('O'))", kPatient),
              ElementsAre("Ola", "Olli"));
  EXPECT_THAT(values_of("name.given.where($index > 0)", kPatient), ElementsAre("Jakob", "Olli"));
  EXPECT_EQ(single("name.all(given.exists())"), true);
  EXPECT_EQ(single("name.given.first()"), "Ola");
  EXPECT_EQ(single("name.given.last()"), "Olli");
  EXPECT_THAT(values_of("name.given.tail()", kPatient), ElementsAre("Jakob", "Olli"));
  EXPECT_THAT(values_of("name.given.skip(1).take(1)", kPatient), ElementsAre("Jakob"));
  EXPECT_THAT(values_of("(1 | 2 | 3).exclude(2)", kPatient), ElementsAre(1, 3));
  EXPECT_THAT(values_of("(1 | 2).intersect(2 | 3)", kPatient), ElementsAre(2));
  EXPECT_THAT(values_of("(1).combine(1)", kPatient), ElementsAre(1, 1));
  EXPECT_THAT(values_of("(1 | 1).distinct()", kPatient), ElementsAre(1));
  EXPECT_EQ(single("iif(active, 'yes', 'no')"), "yes");
  EXPECT_EQ(single("iif(photo.exists(), 'yes', 'no')"), "no");
  EXPECT_THAT(values_of("iif(false, 'yes')", kPatient), IsEmpty());
  EXPECT_EQ(evaluation_error_of("name.single()").kind, ErrorKind::evaluation);
}

TEST(FhirPathFunctions, Strings) {
  EXPECT_EQ(single("name[0].family.startsWith('Nord')"), true);
  EXPECT_EQ(single("name[0].family.endsWith('mann')"), true);
  EXPECT_EQ(single("name[0].family.contains('dm')"), true);
  EXPECT_EQ(single("name[0].family.matches('^N.*n$')"), true);
  EXPECT_EQ(single("name[0].family.replace('mann', 'kvinne')"), "Nordkvinne");
  EXPECT_EQ(single("name[0].family.replaceMatches('[aeiou]', '_')"), "N_rdm_nn");
  EXPECT_EQ(single("name[0].family.lower()"), "nordmann");
  EXPECT_EQ(single("name[0].family.upper()"), "NORDMANN");
  EXPECT_EQ(single("name[0].family.substring(1, 3)"), "ord");
  EXPECT_EQ(single("name[0].family.substring(4)"), "mann");
  EXPECT_EQ(single("name[0].family.length()"), 8);
  EXPECT_EQ(single("name[0].family.indexOf('d')"), 3);
  EXPECT_EQ(single("active.toString()"), "true");
  EXPECT_EQ(single("'42'.toInteger() + 1"), 43);
  EXPECT_EQ(single("'x'.convertsToInteger()"), false);
  EXPECT_EQ(single("'  a '.trim()"), "a");
  EXPECT_EQ(single("birthDate < today() and now() > @2020-01-01T00:00:00Z"), true);
  EXPECT_EQ(single("today().toString().length() = 10"), true);
  EXPECT_EQ(evaluation_error_of("name[0].family.matches('(')").kind, ErrorKind::evaluation);
  EXPECT_EQ(evaluation_error_of("name.given.lower()").kind, ErrorKind::evaluation);
}

TEST(FhirPathFunctions, ExtensionsChildrenAndConstants) {
  EXPECT_EQ(single("extension('http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName')"
                   ".value"),
            "Hansen");
  EXPECT_EQ(single("Patient.extension('http://hl7.org/fhir/StructureDefinition/"
                   "patient-mothersMaidenName').value.is(string)"),
            true);
  // A primitive's extensions live in `_birthDate`.
  EXPECT_EQ(single("birthDate.extension('http://hl7.org/fhir/StructureDefinition/"
                   "patient-birthTime').value"),
            "1980-05-17T14:35:45+01:00");
  EXPECT_EQ(single("birthDate.hasValue()"), true);
  // Extensions without a value: the element exists, has no value, and has its extensions.
  const json no_values = json::parse(R"({"resourceType": "Patient",
    "_birthDate": {"extension": [{"url": "http://example.org/absent", "valueCode": "unknown"}]},
    "name": [{"given": ["Ola", null], "_given": [null, {"id": "g2"}]}]})");
  EXPECT_EQ(single("birthDate.exists()", no_values), true);
  EXPECT_EQ(single("birthDate.hasValue()", no_values), false);
  EXPECT_EQ(single("birthDate.extension('http://example.org/absent').value", no_values), "unknown");
  EXPECT_EQ(single("name.given.count()", no_values), 2);
  EXPECT_EQ(single("name.given[1].id", no_values), "g2");
  EXPECT_EQ(single("name.given[0].id.empty()", no_values), true);
  EXPECT_EQ(single("name.hasValue()"), false);
  EXPECT_EQ(single("name[1].children().count()"), 2);
  EXPECT_EQ(single("descendants().where($this = 'Jakob').count()"), 1);
  EXPECT_EQ(single("%resource.id"), "p1");
  EXPECT_EQ(single("%ucum"), "http://unitsofmeasure.org");
  EXPECT_EQ(evaluation_error_of("%nowhere").kind, ErrorKind::unknown_variable);
  EXPECT_EQ(evaluation_error_of("name.ofType(Nonsense)").kind, ErrorKind::unknown_type);

  Environment environment;
  environment.constants["greeting"] = {owned_item("hei", testing::r4b_model().system("String"))};
  auto expression = parse("%greeting & ' ' & name[0].given[0]");
  ASSERT_TRUE(expression.ok());
  auto result = evaluate(*expression, kPatient, testing::r4b_model(), environment);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ(result->front().json(), "hei Ola");
}

TEST(FhirPathFunctions, MemberOfAsksTheEnvironmentsTerminology) {
  const json condition = {
      {"resourceType", "Condition"},
      {"clinicalStatus",
       {{"coding",
         {{{"system", "http://example.org/other"}, {"code", "x"}},
          {{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"},
           {"code", "active"}}}}}},
      {"verificationStatus", {{"coding", {{{"code", "maybe"}}}}}}};
  Environment environment;
  std::vector<std::string> asked;
  environment.member_of = [&](std::string_view value_set, std::string_view system,
                              std::string_view code) -> std::optional<bool> {
    asked.push_back(std::string(value_set) + " " + std::string(system) + "#" + std::string(code));
    if (system == "http://example.org/other") return std::nullopt;  // not decidable here
    return code == "active";
  };
  const auto run = [&](std::string_view text) {
    auto expression = parse(text);
    EXPECT_TRUE(expression.ok()) << text;
    auto result = evaluate(*expression, condition, testing::r4b_model(), environment);
    EXPECT_TRUE(result.ok()) << text;
    std::vector<json> out;
    for (const Item& item : *result) out.push_back(item.json());
    return out;
  };
  EXPECT_THAT(run("clinicalStatus.memberOf('http://hl7.org/fhir/ValueSet/condition-clinical')"),
              ElementsAre(json(true)));
  EXPECT_THAT(run("verificationStatus.coding.memberOf('vs')"), ElementsAre(json(false)));
  EXPECT_THAT(run("clinicalStatus.coding.first().memberOf('vs')"), IsEmpty());
  EXPECT_THAT(run("clinicalStatus.coding.code.last().memberOf('vs')"), ElementsAre(json(true)));
  EXPECT_EQ(asked.back(), "vs #active");
  // without a terminology memberOf() says nothing
  auto expression = parse("clinicalStatus.memberOf('vs')");
  auto result = evaluate(*expression, condition, testing::r4b_model());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->empty());
}

TEST(FhirPathEvaluation, GrowthIsBounded) {
  std::string doubling = "(1)";
  for (int i = 0; i < 24; ++i) doubling += ".select($this.combine($this))";
  EXPECT_EQ(evaluation_error_of(doubling).kind, ErrorKind::evaluation);

  std::string long_text = "'0123456789'";
  for (int i = 0; i < 24; ++i) long_text = "(" + long_text + ").select($this & $this)";
  EXPECT_EQ(evaluation_error_of(long_text).kind, ErrorKind::evaluation);

  std::string replaced = "'abcdefghij'";
  for (int i = 0; i < 6; ++i) replaced += ".replace('', 'abcdefghij')";  // x11 per step
  EXPECT_EQ(evaluation_error_of(replaced).kind, ErrorKind::evaluation);
}

TEST(FhirPathEvaluation, AParsedExpressionIsSharedAcrossThreads) {
  auto expression = parse("name.where(use = 'official').given | telecom.value");
  ASSERT_TRUE(expression.ok());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto result = evaluate(*expression, kPatient, testing::r4b_model());
        if (!result || result->size() != 4) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace gateway::fhirpath
