// Compartment keys: one key per patient identity, with no two (system, value) pairs sharing
// a key however their text is split by `|`.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace gateway::storage
