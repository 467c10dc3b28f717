// Terminology: bindings of the R4B core package (expanded, filtered, SNOMED- and BCP-based,
// stored expansions), and small hand-written code systems and value sets for case rules,
// hierarchy filters, excludes, cycles and broken files; also lookup speed and sharing.
#include "validation/terminology.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <new>
#include <random>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "result_matchers.hpp"

// Allocations of this thread, counted to show that lookups make none.
thread_local std::size_t allocations = 0;

void* operator new(std::size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
// GCC takes the replaced operators for a mismatch of malloc and delete.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#pragma GCC diagnostic pop

namespace gateway::validation {
namespace {

using gateway::testing::IsOk;
using ::testing::HasSubstr;

constexpr std::string_view kGender = "http://hl7.org/fhir/administrative-gender";
constexpr std::string_view kGenderSet = "http://hl7.org/fhir/ValueSet/administrative-gender";
constexpr std::string_view kSnomed = "http://snomed.info/sct";

// A directory of its own, removed with its files at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device seed;
    path_ = std::filesystem::temp_directory_path() /
            ("terminology-test-" + std::to_string(seed()) + std::to_string(seed()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

class CorePackage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto start = std::chrono::steady_clock::now();
    auto loaded = Terminology::load({FHIR_CORE_PACKAGE});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_THAT(loaded, IsOk()) << loaded.error();
    std::cout << "[ load     ] " << loaded->code_system_count() << " code systems, "
              << loaded->value_set_count() << " value sets in "
              << std::chrono::duration<double, std::milli>(elapsed).count() << " ms\n";
    terminology_ = new Terminology(std::move(*loaded));
  }
  static void TearDownTestSuite() {
    delete terminology_;
    terminology_ = nullptr;
  }
  static const Terminology& core() { return *terminology_; }

 private:
  static inline Terminology* terminology_ = nullptr;
};

TEST_F(CorePackage, LoadsTheWholePackage) {
  EXPECT_EQ(core().code_system_count(), 540u);
  EXPECT_EQ(core().value_set_count(), 721u);
}

TEST_F(CorePackage, AdministrativeGenderIsExpandedFromItsCodeSystem) {
  EXPECT_EQ(core().contains(kGenderSet, kGender, "female"), Membership::member);
  EXPECT_EQ(core().contains(kGenderSet, kGender, "unknown"), Membership::member);
  EXPECT_EQ(core().contains(kGenderSet, kGender, "femail"), Membership::not_member);
  EXPECT_EQ(core().contains(kGenderSet, kGender, "Female"), Membership::not_member)
      << "the code system is case sensitive";
  EXPECT_EQ(core().contains(kGenderSet, "http://example.org/gender", "female"),
            Membership::not_member);
  EXPECT_EQ(core().contains_code(kGenderSet, "male"), Membership::member);
  EXPECT_EQ(core().contains_code(kGenderSet, "mal"), Membership::not_member);
}

TEST_F(CorePackage, VersionOfTheValueSetIsIgnored) {
  constexpr std::string_view set = "http://hl7.org/fhir/ValueSet/allergyintolerance-clinical|4.3.0";
  constexpr std::string_view system =
      "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
  EXPECT_EQ(core().contains(set, system, "active"), Membership::member);
  EXPECT_EQ(core().contains(set, system, "resolved"), Membership::member);
  EXPECT_EQ(core().contains(set, system, "cured"), Membership::not_member);
  EXPECT_TRUE(core().knows_value_set(set));
}

TEST_F(CorePackage, CodeSystemsAnswerForCompleteContentOnly) {
  EXPECT_TRUE(core().knows_code_system(kGender));
  EXPECT_EQ(core().in_code_system(kGender, "other"), Membership::member);
  EXPECT_EQ(core().in_code_system(kGender, "femail"), Membership::not_member);
  EXPECT_TRUE(core().knows_code_system(kSnomed));  // a content = not-present stub
  EXPECT_EQ(core().in_code_system(kSnomed, "404684003"), Membership::unknown);
  EXPECT_FALSE(core().knows_code_system("http://loinc.org/nothing"));
  EXPECT_EQ(core().in_code_system("http://example.org/nothing", "x"), Membership::unknown);
}

TEST_F(CorePackage, IsAFilterOnSnomedIsUnknown) {
  constexpr std::string_view set = "http://hl7.org/fhir/ValueSet/condition-code";
  EXPECT_TRUE(core().knows_value_set(set));
  EXPECT_EQ(core().contains(set, kSnomed, "404684003"), Membership::unknown);
  EXPECT_EQ(core().contains(set, kSnomed, "not-a-code"), Membership::unknown);
  EXPECT_EQ(core().contains_code(set, "404684003"), Membership::unknown);
}

TEST_F(CorePackage, WholeSystemsThatAreNotLoadedAreUnknown) {
  constexpr std::string_view set = "http://hl7.org/fhir/ValueSet/mimetypes";
  EXPECT_TRUE(core().knows_value_set(set));
  EXPECT_EQ(core().contains(set, "urn:ietf:bcp:13", "application/fhir+json"), Membership::unknown);
  EXPECT_EQ(core().contains(set, "urn:ietf:bcp:13", "no/such"), Membership::unknown);
}

TEST_F(CorePackage, UnknownValueSetsAreUnknown) {
  EXPECT_FALSE(core().knows_value_set("http://example.org/ValueSet/none"));
  EXPECT_EQ(core().contains("http://example.org/ValueSet/none", kGender, "female"),
            Membership::unknown);
  EXPECT_EQ(core().contains_code("http://example.org/ValueSet/none", "female"),
            Membership::unknown);
}

TEST_F(CorePackage, IncludedValueSetsAreUnited) {
  constexpr std::string_view set = "http://hl7.org/fhir/ValueSet/event-or-request-resource-types";
  EXPECT_EQ(core().contains(set, "http://hl7.org/fhir/event-resource-types", "Procedure"),
            Membership::member);
  EXPECT_EQ(core().contains(set, "http://hl7.org/fhir/request-resource-types", "ServiceRequest"),
            Membership::member);
  EXPECT_EQ(core().contains(set, "http://hl7.org/fhir/event-resource-types", "Patient"),
            Membership::not_member);
}

TEST_F(CorePackage, KnownPartOfAPartlyUnknownValueSetIsAMember) {
  // use-context: administrative-gender and others, and SNOMED, NUCC, ISO 3166, ...
  constexpr std::string_view set = "http://hl7.org/fhir/ValueSet/use-context";
  EXPECT_EQ(core().contains(set, kGender, "female"), Membership::member);
  EXPECT_EQ(core().contains(set, kGender, "femail"), Membership::unknown);
}

TEST_F(CorePackage, StoredExpansionServesWhenComposeCannotBeExpanded) {
  // `inactive`: a descendent-of filter over v3-ActMood (not in the package), with an expansion.
  constexpr std::string_view set = "http://hl7.org/fhir/ValueSet/inactive";
  constexpr std::string_view system = "http://terminology.hl7.org/CodeSystem/v3-ActMood";
  EXPECT_EQ(core().contains(set, system, "CRT"), Membership::member);
  EXPECT_EQ(core().contains(set, system, "GOL"), Membership::member) << "nested contains";
  EXPECT_EQ(core().contains(set, system, "EVN"), Membership::not_member);
}

TEST_F(CorePackage, LookupKeysAreNotKept) {
  std::string set(kGenderSet);
  std::string system(kGender);
  std::string code = "female";
  EXPECT_EQ(core().contains(set, system, code), Membership::member);
  set.assign(set.size(), 'x');
  system.assign(system.size(), 'y');
  code.assign(code.size(), 'z');
  EXPECT_EQ(core().contains(set, system, code), Membership::unknown);
  EXPECT_EQ(core().contains(std::string(kGenderSet), std::string(kGender) + "",
                            "fe" + std::string("male")),
            Membership::member);
}

TEST_F(CorePackage, LookupsDoNotAllocate) {
  const std::size_t before = allocations;
  Membership answers[] = {
      core().contains(kGenderSet, kGender, "female"),
      core().contains("http://hl7.org/fhir/ValueSet/administrative-gender|4.3.0", kGender, "x"),
      core().contains_code("http://hl7.org/fhir/ValueSet/use-context", "female"),
      core().in_code_system(kGender, "male"),
      core().contains("http://example.org/none", kGender, "female"),
  };
  const bool known = core().knows_value_set(kGenderSet) && core().knows_code_system(kGender);
  EXPECT_EQ(allocations, before);
  EXPECT_EQ(answers[0], Membership::member);
  EXPECT_TRUE(known);
}

TEST_F(CorePackage, LookupIsFastAndThreadSafe) {
  constexpr int kRounds = 200000;
  std::atomic<int> members{0};
  const auto work = [&] {
    int found = 0;
    for (int i = 0; i < kRounds; ++i) {
      found += core().contains(kGenderSet, kGender, (i & 1) != 0 ? "female" : "femail") ==
               Membership::member;
    }
    members += found;
  };
  const auto start = std::chrono::steady_clock::now();
  work();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  std::cout << "[ lookup   ] "
            << std::chrono::duration<double, std::nano>(elapsed).count() / kRounds
            << " ns per contains()\n";
  std::thread other(work);
  work();
  other.join();
  EXPECT_EQ(members.load(), 3 * kRounds / 2);
}

// Hand-written definitions.
std::string code_system(const std::string& url, const std::string& extra,
                        const std::string& concepts) {
  return R"({"resourceType": "CodeSystem", "url": ")" + url + R"(", "content": "complete", )" +
         extra + R"("concept": )" + concepts + "}";
}
std::string value_set(const std::string& url, const std::string& compose) {
  return R"({"resourceType": "ValueSet", "url": ")" + url + R"(", "compose": )" + compose + "}";
}

Terminology load_one(const ScratchDir& dir) {
  auto loaded = Terminology::load({dir.path()});
  EXPECT_THAT(loaded, IsOk()) << (loaded.ok() ? "" : loaded.error());
  return std::move(*loaded);
}

TEST(Terminology, CaseInsensitiveCodeSystemsCompareWithoutCase) {
  ScratchDir dir;
  dir.write("CodeSystem-ci.json", code_system("http://x/cs/ci", R"("caseSensitive": false, )",
                                              R"([{"code": "Alpha"}, {"code": "beta"}])"));
  dir.write("ValueSet-all.json",
            value_set("http://x/vs/all", R"({"include": [{"system": "http://x/cs/ci"}]})"));
  dir.write(
      "ValueSet-some.json",
      value_set("http://x/vs/some",
                R"({"include": [{"system": "http://x/cs/ci", "concept": [{"code": "BETA"}]}]})"));
  const Terminology terminology = load_one(dir);
  EXPECT_EQ(terminology.contains("http://x/vs/all", "http://x/cs/ci", "alpha"), Membership::member);
  EXPECT_EQ(terminology.contains("http://x/vs/all", "http://x/cs/ci", "ALPHA"), Membership::member);
  EXPECT_EQ(terminology.contains("http://x/vs/all", "http://x/cs/ci", "gamma"),
            Membership::not_member);
  EXPECT_EQ(terminology.contains("http://x/vs/some", "http://x/cs/ci", "Beta"), Membership::member);
  EXPECT_EQ(terminology.contains("http://x/vs/some", "http://x/cs/ci", "alpha"),
            Membership::not_member);
  EXPECT_EQ(terminology.in_code_system("http://x/cs/ci", "BeTa"), Membership::member);
  EXPECT_EQ(terminology.contains_code("http://x/vs/all", "aLPHA"), Membership::member);
}

TEST(Terminology, CaseSensitiveAndNotKnownCase) {
  ScratchDir dir;
  dir.write("CodeSystem-cs.json",
            code_system("http://x/cs/cs", R"("caseSensitive": true, )", R"([{"code": "Alpha"}])"));
  dir.write("ValueSet-mixed.json", value_set("http://x/vs/mixed", R"({"include": [
      {"system": "http://x/cs/cs"},
      {"system": "http://x/cs/not-loaded", "concept": [{"code": "Abc"}]}]})"));
  const Terminology terminology = load_one(dir);
  EXPECT_EQ(terminology.contains("http://x/vs/mixed", "http://x/cs/cs", "Alpha"),
            Membership::member);
  EXPECT_EQ(terminology.contains("http://x/vs/mixed", "http://x/cs/cs", "alpha"),
            Membership::not_member);
  // The case rule of a system that is not loaded is not known: only the exact code is sure.
  EXPECT_EQ(terminology.contains("http://x/vs/mixed", "http://x/cs/not-loaded", "Abc"),
            Membership::member);
  EXPECT_EQ(terminology.contains("http://x/vs/mixed", "http://x/cs/not-loaded", "ABC"),
            Membership::unknown);
  EXPECT_EQ(terminology.contains("http://x/vs/mixed", "http://x/cs/not-loaded", "xyz"),
            Membership::not_member);
}

TEST(Terminology, HierarchyFiltersAndExcludes) {
  ScratchDir dir;
  // animal > (mammal > (dog, cat), bird); fish has parent animal by property.
  dir.write(
      "CodeSystem-h.json",
      code_system("http://x/cs/h",
                  R"("caseSensitive": true, "property": [{"code": "legs", "type": "integer"}], )",
                  R"([{"code": "animal", "concept": [
                              {"code": "mammal", "concept": [
                                {"code": "dog", "property": [{"code": "legs", "valueInteger": 4}]},
                                {"code": "cat", "property": [{"code": "legs", "valueInteger": 4}]}]},
                              {"code": "bird", "property": [{"code": "legs", "valueInteger": 2}]}]},
                            {"code": "fish", "property": [{"code": "parent", "valueCode": "animal"}]},
                            {"code": "rock"}])"));
  const auto filtered = [&](const std::string& name, const std::string& property,
                            const std::string& op, const std::string& value) {
    dir.write(
        "ValueSet-" + name + ".json",
        value_set("http://x/vs/" + name,
                  R"({"include": [{"system": "http://x/cs/h", "filter": [{"property": ")" +
                      property + R"(", "op": ")" + op + R"(", "value": ")" + value + R"("}]}]})"));
  };
  filtered("is-a", "concept", "is-a", "mammal");
  filtered("descendent-of", "concept", "descendent-of", "mammal");
  filtered("is-not-a", "concept", "is-not-a", "mammal");
  filtered("generalizes", "concept", "generalizes", "dog");
  filtered("animals", "concept", "is-a", "animal");
  filtered("legs", "legs", "=", "4");
  filtered("regex", "code", "regex", "d.*");
  dir.write("ValueSet-no-cats.json", value_set("http://x/vs/no-cats", R"({
      "include": [{"valueSet": ["http://x/vs/is-a"]}],
      "exclude": [{"system": "http://x/cs/h", "concept": [{"code": "cat"}]}]})"));
  dir.write("ValueSet-unknown-exclude.json", value_set("http://x/vs/unknown-exclude", R"({
      "include": [{"system": "http://x/cs/h"}],
      "exclude": [{"system": "http://snomed.info/sct", "concept": [{"code": "1"}]},
                  {"system": "http://x/cs/h", "filter": [{"property": "code", "op": "regex", "value": "c.*"}]}]})"));
  dir.write("ValueSet-intersection.json", value_set("http://x/vs/intersection", R"({
      "include": [{"system": "http://x/cs/h", "concept": [{"code": "dog"}, {"code": "bird"}],
                   "valueSet": ["http://x/vs/is-a"]}]})"));
  const Terminology t = load_one(dir);
  const std::string_view h = "http://x/cs/h";
  const auto in = [&](std::string_view set, std::string_view code) {
    return t.contains("http://x/vs/" + std::string(set), h, code);
  };
  EXPECT_EQ(in("is-a", "mammal"), Membership::member);
  EXPECT_EQ(in("is-a", "dog"), Membership::member);
  EXPECT_EQ(in("is-a", "bird"), Membership::not_member);
  EXPECT_EQ(in("descendent-of", "mammal"), Membership::not_member);
  EXPECT_EQ(in("descendent-of", "cat"), Membership::member);
  EXPECT_EQ(in("is-not-a", "cat"), Membership::not_member);
  EXPECT_EQ(in("is-not-a", "bird"), Membership::member);
  EXPECT_EQ(in("is-not-a", "rock"), Membership::member);
  EXPECT_EQ(in("generalizes", "animal"), Membership::member);
  EXPECT_EQ(in("generalizes", "cat"), Membership::not_member);
  EXPECT_EQ(in("animals", "fish"), Membership::member) << "parent property";
  EXPECT_EQ(in("animals", "rock"), Membership::not_member);
  EXPECT_EQ(in("legs", "cat"), Membership::member);
  EXPECT_EQ(in("legs", "bird"), Membership::not_member);
  EXPECT_EQ(in("regex", "dog"), Membership::unknown) << "regex is not supported";
  EXPECT_EQ(in("regex", "cat"), Membership::unknown);
  EXPECT_EQ(in("no-cats", "dog"), Membership::member);
  EXPECT_EQ(in("no-cats", "cat"), Membership::not_member);
  EXPECT_EQ(in("unknown-exclude", "dog"), Membership::unknown);
  EXPECT_EQ(in("intersection", "dog"), Membership::member);
  EXPECT_EQ(in("intersection", "bird"), Membership::not_member);
  EXPECT_EQ(in("intersection", "cat"), Membership::not_member);
}

TEST(Terminology, CyclesOfValueSetIncludesEnd) {
  ScratchDir dir;
  dir.write("ValueSet-a.json", value_set("http://x/vs/a", R"({"include": [
      {"valueSet": ["http://x/vs/b|1.0"]}, {"system": "http://x/cs", "concept": [{"code": "a"}]}]})"));
  dir.write("ValueSet-b.json", value_set("http://x/vs/b", R"({"include": [
      {"valueSet": ["http://x/vs/a"]}, {"system": "http://x/cs", "concept": [{"code": "b"}]}]})"));
  dir.write("ValueSet-self.json",
            value_set("http://x/vs/self", R"({"include": [{"valueSet": ["http://x/vs/self"]}]})"));
  const Terminology t = load_one(dir);
  EXPECT_EQ(t.contains("http://x/vs/a", "http://x/cs", "a"), Membership::member);
  EXPECT_EQ(t.contains("http://x/vs/b", "http://x/cs", "b"), Membership::member);
  EXPECT_EQ(t.contains("http://x/vs/a", "http://x/cs", "c"), Membership::unknown);
  EXPECT_EQ(t.contains("http://x/vs/self", "http://x/cs", "a"), Membership::unknown);
}

TEST(Terminology, BrokenJsonIsAnErrorNamingTheFile) {
  ScratchDir dir;
  dir.write("ValueSet-fine.json", value_set("http://x/vs/fine", R"({"include": []})"));
  dir.write("ValueSet-broken.json", R"({"resourceType": "ValueSet", "url": )");
  const auto loaded = Terminology::load({dir.path()});
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error(), HasSubstr("ValueSet-broken.json"));
}

TEST(Terminology, BrokenJsonInsideSkippedMembersIsAnErrorToo) {
  ScratchDir dir;
  dir.write("CodeSystem-x.json",
            R"({"resourceType": "CodeSystem", "text": {"div": [1, }, "url": "u"})");
  const auto loaded = Terminology::load({dir.path()});
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error(), HasSubstr("CodeSystem-x.json"));
}

TEST(Terminology, OtherContentIsSkipped) {
  ScratchDir dir;
  dir.write("ValueSet-patient.json", R"({"resourceType": "Patient", "id": "p"})");
  dir.write("ValueSet-array.json", R"([1, 2, 3])");
  dir.write("ValueSet-no-url.json", R"({"resourceType": "ValueSet", "compose": {"include": []}})");
  dir.write("CodeSystem-odd.json",
            R"({"resourceType": "CodeSystem", "url": "http://x/odd", "content": "complete",
      "concept": [{"code": 5}, "x", {"code": "ok", "concept": {"code": "no"}}]})");
  dir.write("notes.txt", "not json at all");
  dir.write("StructureDefinition-x.json", "{ broken");
  const Terminology t = load_one(dir);
  EXPECT_EQ(t.value_set_count(), 0u);
  EXPECT_EQ(t.in_code_system("http://x/odd", "ok"), Membership::member);
  EXPECT_EQ(t.in_code_system("http://x/odd", "5"), Membership::not_member);
}

TEST(Terminology, MissingDirectoryIsAnError) {
  const auto loaded = Terminology::load({"/nonexistent/terminology"});
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error(), HasSubstr("/nonexistent/terminology"));
}

TEST(Terminology, OutlivesItsFilesAndIsCopyable) {
  std::optional<Terminology> kept;
  {
    ScratchDir dir;
    dir.write("ValueSet-v.json",
              value_set("http://x/vs/v",
                        R"({"include": [{"system": "http://x/cs", "concept": [{"code": "a"}]}]})"));
    std::vector<std::filesystem::path> directories = {dir.path()};
    auto loaded = Terminology::load(directories);
    ASSERT_THAT(loaded, IsOk());
    kept.emplace(*loaded);  // a copy; the original goes away with the directory
  }
  EXPECT_EQ(kept->contains("http://x/vs/v", "http://x/cs", "a"), Membership::member);
  EXPECT_EQ(kept->contains("http://x/vs/v", "http://x/cs", "b"), Membership::not_member);
}

TEST(Terminology, FirstDefinitionWins) {
  ScratchDir first;
  ScratchDir second;
  first.write("ValueSet-v.json",
              value_set("http://x/vs/v",
                        R"({"include": [{"system": "http://x/cs", "concept": [{"code": "a"}]}]})"));
  second.write(
      "ValueSet-v.json",
      value_set("http://x/vs/v",
                R"({"include": [{"system": "http://x/cs", "concept": [{"code": "b"}]}]})"));
  auto loaded = Terminology::load({first.path(), second.path()});
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ(loaded->contains("http://x/vs/v", "http://x/cs", "a"), Membership::member);
  EXPECT_EQ(loaded->contains("http://x/vs/v", "http://x/cs", "b"), Membership::not_member);
}

}  // namespace
}  // namespace gateway::validation
