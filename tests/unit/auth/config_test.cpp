// Configuration keys, defaults and validation.
#include <gtest/gtest.h>

#include <algorithm>

#include "auth/config.hpp"

namespace gateway::auth {
namespace {

AuthConfig load(std::map<std::string, std::string> values, std::vector<std::string>* errors) {
  ops::SettingsReader reader(std::move(values));
  AuthConfig config = load_auth_config(reader);
  *errors = reader.errors();
  return config;
}

TEST(AuthSettings, DeclaresTheDocumentedKeys) {
  const auto specs = auth_setting_specs();
  for (const char* key :
       {"issuer", "audience", "jwks", "public_url", "allowed_algs", "single_audience",
        "clock_skew_seconds", "dpop_iat_past_seconds", "dpop_iat_future_seconds",
        "jwks_ttl_seconds", "jwks_refresh_seconds", "jwks_fetch_timeout_ms", "bearer_routes",
        "dpop_required", "scope_read", "scope_write", "scope_admin", "min_security_level",
        "grunndata_machine_read"}) {
    EXPECT_TRUE(std::any_of(specs.begin(), specs.end(), [&](const ops::SettingSpec& s) {
      return s.key == key;
    })) << key;
  }
}

TEST(AuthSettings, DefaultsAreSafe) {
  std::vector<std::string> errors;
  const AuthConfig c = load({}, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(c.issuer.empty());
  EXPECT_EQ(c.token_algs, std::vector<Algorithm>{Algorithm::rs256});
  EXPECT_TRUE(c.single_audience);
  EXPECT_EQ(c.clock_skew_seconds, 5);
  EXPECT_EQ(c.dpop_iat_past_seconds, 10);
  EXPECT_EQ(c.dpop_iat_future_seconds, 5);
  EXPECT_TRUE(c.dpop_required);
  EXPECT_EQ(c.policy.min_security_level, 4);
  EXPECT_TRUE(c.policy.require_attestation);
  EXPECT_TRUE(c.policy.allow_emergency_access);
  EXPECT_EQ(c.max_token_bytes, 16384u);
  EXPECT_EQ(c.jwks_refresh_seconds, 3600);
  EXPECT_EQ(c.jwks_fetch_timeout_ms, 5000);
}

TEST(AuthSettings, HelseIdTestSetupWithScopeDefaultsFromAudience) {
  std::vector<std::string> errors;
  const AuthConfig c =
      load({{"issuer", "https://helseid-sts.test.nhn.no"},
            {"audience", "nhn:fhir-gateway"},
            {"jwks", "https://helseid-sts.test.nhn.no/.well-known/openid-configuration"},
            {"public_url", "https://fhir.example.no"},
            {"allowed_algs", "RS256 PS256"},
            {"bearer_routes", "/fhir/metadata, /fhir/Legacy/{id}"},
            {"scope_admin", "nhn:fhir-gateway/ops"}},
           &errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(c.policy.scopes.read, "nhn:fhir-gateway/read");
  EXPECT_EQ(c.policy.scopes.write, "nhn:fhir-gateway/write");
  EXPECT_EQ(c.policy.scopes.admin, "nhn:fhir-gateway/ops");
  EXPECT_EQ(c.token_algs, (std::vector<Algorithm>{Algorithm::rs256, Algorithm::ps256}));
  EXPECT_EQ(c.bearer_routes, (std::vector<std::string>{"/fhir/metadata", "/fhir/Legacy/{id}"}));
}

TEST(AuthSettings, EmergencyAccessIsDeclaredOnAndCanBeTurnedOff) {
  const auto specs = auth_setting_specs();
  EXPECT_TRUE(std::any_of(specs.begin(), specs.end(), [](const ops::SettingSpec& s) {
    return s.key == "emergency_access" && s.default_value == "true";
  }));
  std::vector<std::string> errors;
  EXPECT_FALSE(load({{"emergency_access", "false"}}, &errors).policy.allow_emergency_access);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(load({{"emergency_access", "true"}}, &errors).policy.allow_emergency_access);
  load({{"emergency_access", "sometimes"}}, &errors);
  EXPECT_EQ(errors.size(), 1u);
}

TEST(AuthSettings, PartialTrustConfigurationIsAnError) {
  std::vector<std::string> errors;
  load({{"issuer", "https://helseid-sts.nhn.no"}}, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("together"), std::string::npos);
}

TEST(AuthSettings, InvalidValuesAreReported) {
  std::vector<std::string> errors;
  const AuthConfig c = load({{"allowed_algs", "RS256 HS256"},
                             {"clock_skew_seconds", "3600"},
                             {"public_url", "fhir.example.no"},
                             {"min_security_level", "5"},
                             {"jwks_fetch_timeout_ms", "0"},
                             {"jwks_refresh_seconds", "1"}},
                            &errors);
  EXPECT_EQ(errors.size(), 6u);
  EXPECT_EQ(c.jwks_fetch_timeout_ms, 5000);
  EXPECT_EQ(c.jwks_refresh_seconds, 3600);
  EXPECT_EQ(c.token_algs, std::vector<Algorithm>{Algorithm::rs256});
  EXPECT_EQ(c.clock_skew_seconds, 5);
}

TEST(AlgorithmList, ParsesAndRejects) {
  EXPECT_EQ(parse_algorithm_list("ES256,RS256 ES256"),
            (std::vector<Algorithm>{Algorithm::es256, Algorithm::rs256}));
  EXPECT_FALSE(parse_algorithm_list("none").has_value());
  EXPECT_FALSE(parse_algorithm_list("HS256").has_value());
  EXPECT_FALSE(parse_algorithm_list("rs256").has_value());
  EXPECT_FALSE(parse_algorithm_list(" ").has_value());
  EXPECT_EQ(algorithm_list_text({Algorithm::es256, Algorithm::ps512}), "ES256 PS512");
}

}  // namespace
}  // namespace gateway::auth
