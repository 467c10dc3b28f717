// Compartment keys: one key per patient identity, with no two (system, value) pairs sharing
// a key however their text is split by `|`.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "storage/search_query.hpp"

namespace gateway::storage {
namespace {

TEST(CompartmentKey, StoredPatientKeyNamesTheId) {
  EXPECT_EQ(compartment_key("p-1"), "Patient/p-1");
}

TEST(CompartmentKey, IdentifierKeyJoinsSystemAndValue) {
  EXPECT_EQ(compartment_identifier_key("urn:oid:2.16.578.1.12.4.1.4.1", "01018512345"),
            "identifier:urn:oid:2.16.578.1.12.4.1.4.1|01018512345");
}

TEST(CompartmentKey, BarsAndBackslashesInTheSystemCannotForgeAnotherPair) {
  EXPECT_NE(compartment_identifier_key("a|b", "c"), compartment_identifier_key("a", "b|c"));
  EXPECT_NE(compartment_identifier_key("a\\", "|c"), compartment_identifier_key("a\\|", "c"));
  EXPECT_EQ(compartment_identifier_key("a|b", "c"), "identifier:a\\|b|c");
  EXPECT_EQ(compartment_identifier_key("", "c"), "identifier:|c");
}

TEST(CompartmentKey, IdentifierKeysParseBackToTheirPair) {
  for (const auto& [system, value] : std::vector<std::pair<std::string, std::string>>{
           {"urn:oid:2.16.578.1.12.4.1.4.1", "13116900216"}, {"urn:a|b", "1"}, {"a\\|", "|x"}}) {
    const auto parsed = parse_compartment_identifier_key(compartment_identifier_key(system, value));
    ASSERT_TRUE(parsed.has_value()) << system;
    EXPECT_EQ(parsed->system, system);
    EXPECT_EQ(parsed->value, value);
  }
  EXPECT_FALSE(parse_compartment_identifier_key("Patient/1").has_value());
  EXPECT_FALSE(parse_compartment_identifier_key("identifier:no-bar").has_value());
}

}  // namespace
}  // namespace gateway::storage
