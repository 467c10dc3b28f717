// DPoP htu normalisation.
#include <gtest/gtest.h>

#include "auth/htu.hpp"

namespace gateway::auth {
namespace {

TEST(NormalizeHtu, LowerCasesSchemeAndHostButNotPath) {
  EXPECT_EQ(normalize_htu("HTTPS://FHIR.Example.TEST/Fhir/Patient"),
            "https://fhir.example.test/Fhir/Patient");
}

TEST(NormalizeHtu, RemovesDefaultPortsOnly) {
  EXPECT_EQ(normalize_htu("https://h:443/a"), "https://h/a");
  EXPECT_EQ(normalize_htu("http://h:80/a"), "http://h/a");
  EXPECT_EQ(normalize_htu("https://h:80/a"), "https://h:80/a");
  EXPECT_EQ(normalize_htu("http://h:8080/a"), "http://h:8080/a");
}

TEST(NormalizeHtu, StripsQueryAndFragment) {
  EXPECT_EQ(normalize_htu("https://h/a?x=1#f"), "https://h/a");
  EXPECT_EQ(normalize_htu("https://h/a#f?x"), "https://h/a");
  EXPECT_EQ(normalize_htu("https://h?x=1"), "https://h/");
}

TEST(NormalizeHtu, NormalisesPercentEncoding) {
  EXPECT_EQ(normalize_htu("https://h/%7euser/%2f"), "https://h/~user/%2F");
  EXPECT_EQ(normalize_htu("https://h/%41"), "https://h/A");
  EXPECT_FALSE(normalize_htu("https://h/%4").has_value());
  EXPECT_FALSE(normalize_htu("https://h/%zz").has_value());
}

TEST(NormalizeHtu, RefusesNonHttpAndMalformedUrls) {
  EXPECT_FALSE(normalize_htu("ftp://h/a").has_value());
  EXPECT_FALSE(normalize_htu("/relative").has_value());
  EXPECT_FALSE(normalize_htu("https:///a").has_value());
  EXPECT_FALSE(normalize_htu("https://user@h/a").has_value());
  EXPECT_FALSE(normalize_htu("https://h:x/a").has_value());
  EXPECT_EQ(normalize_htu("https://[::1]:443/a"), "https://[::1]/a");
}

TEST(ExpectedHtu, JoinsPublicBaseAndTargetPath) {
  EXPECT_EQ(expected_htu("https://fhir.example.test", "/fhir/Patient/123?_format=json"),
            "https://fhir.example.test/fhir/Patient/123");
  EXPECT_EQ(expected_htu("https://gw.example.no/prefix/", "/fhir/x"),
            "https://gw.example.no/prefix/fhir/x");
  EXPECT_FALSE(expected_htu("https://h", "fhir/x").has_value());
  EXPECT_FALSE(expected_htu("not a url", "/fhir").has_value());
}

}  // namespace
}  // namespace gateway::auth
