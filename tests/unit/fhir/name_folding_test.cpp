// Name folding: the case- and accent-insensitive keys of string search and name sorting.
#include <gtest/gtest.h>

#include "fhir/name_folding.hpp"

namespace gateway::fhir {
namespace {

TEST(NameFolding, CaseAndAccentsFoldNorwegianLettersStayDistinct) {
  EXPECT_EQ(fold_name("Paracetamol"), fold_name("PARACETAMOL"));
  EXPECT_EQ(fold_name("Éfexor"), fold_name("efexor"));
  EXPECT_EQ(fold_name("Ærø"), fold_name("ÆRØ"));
  EXPECT_NE(fold_name("ø"), fold_name("o"));
  EXPECT_NE(fold_name("å"), fold_name("a"));
  EXPECT_NE(fold_name("æ"), fold_name("a"));
  EXPECT_EQ(fold_name("Ö"),
            fold_name("ø"));  // Swedish spelling finds the Norwegian letter
  EXPECT_EQ(fold_name("  a   b "), "a b");
}

TEST(NameFolding, NorwegianAlphabeticalOrder) {
  EXPECT_LT(fold_name("Zyban"), fold_name("Æ"));
  EXPECT_LT(fold_name("Ærø"), fold_name("Ødem"));
  EXPECT_LT(fold_name("Ødem"), fold_name("Åpen"));
}

}  // namespace
}  // namespace gateway::fhir
