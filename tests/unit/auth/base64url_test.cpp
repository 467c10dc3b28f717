// Strict base64url, SHA-256 and constant-time comparison.
#include <gtest/gtest.h>

#include "auth/base64url.hpp"

namespace gateway::auth {
namespace {

TEST(Base64Url, RoundTripsEveryLengthModuloThree) {
  for (const std::string bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    const std::string encoded = base64url_encode(bytes);
    EXPECT_EQ(encoded.find('='), std::string::npos);
    EXPECT_EQ(base64url_decode(encoded), bytes);
  }
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64Url, RejectsPaddingAndForeignCharacters) {
  EXPECT_FALSE(base64url_decode("Zm8=").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v+mFy").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v/mFy").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v YmFy").has_value());
  EXPECT_FALSE(base64url_decode(std::string("Zm9v\0mFy", 8)).has_value());
}

TEST(Base64Url, RejectsImpossibleLengthAndNonCanonicalTrailingBits) {
  EXPECT_FALSE(base64url_decode("Z").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vY").has_value());
  EXPECT_EQ(base64url_decode("Zg"), "f");
  EXPECT_FALSE(base64url_decode("Zh").has_value());  // same byte, non-zero spare bits
}

TEST(Sha256, MatchesKnownDigest) {
  EXPECT_EQ(sha256_base64url("abc"), "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

TEST(Sha256, RfcAthVector) {
  // RFC 9449 §7.1 example access token (reference Appendix A.2).
  EXPECT_EQ(sha256_base64url("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace gateway::auth
