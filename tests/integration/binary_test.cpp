// The fhir-gateway binary contract: --help, --version, configuration validation with a
// non-zero exit, config file and environment, test mode only when asked for, graceful exit
// on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "child_process.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace gateway::testing {
namespace {

const std::string kBinary = GATEWAY_BINARY;

TEST(Binary, HelpListsSettingsAndExitsZero) {
  auto r = run_process({kBinary, "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--data-dir"), std::string::npos);
  EXPECT_NE(r.out.find("--listen"), std::string::npos);
  EXPECT_NE(r.out.find("FHIR_GATEWAY_"), std::string::npos);
}

TEST(Binary, VersionNamesFhirRelease) {
  auto r = run_process({kBinary, "--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("fhir-gateway"), std::string::npos);
  EXPECT_NE(r.out.find("4.3.0"), std::string::npos);
}

TEST(Binary, InvalidConfigurationExitsTwoWithEveryProblem) {
  auto r =
      run_process({kBinary, "--listen", "no-port", "--max-body-bytes", "lots", "--bogus", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option '--bogus'"), std::string::npos);
  auto r2 = run_process({kBinary, "--listen", "no-port", "--max-body-bytes", "lots"});
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.err.find("listen"), std::string::npos);
  EXPECT_NE(r2.err.find("max_body_bytes"), std::string::npos);
}

TEST(Binary, ConfigFileErrorsAreReportedWithLineNumbers) {
  TempDir dir;
  const std::string path = dir.str() + "/gateway.conf";
  std::ofstream(path) << "# comment\nthreads = 2\nno_such_key = 1\nnot a pair\n";
  auto r = run_process({kBinary, "--config", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("gateway.conf:3: unknown key 'no_such_key'"), std::string::npos);
  EXPECT_NE(r.err.find("gateway.conf:4: expected 'key = value'"), std::string::npos);
  auto missing = run_process({kBinary, "--config", dir.str() + "/absent.conf"});
  EXPECT_EQ(missing.exit_code, 2);
}

// The route table is the map of the server: the golden file lists every endpoint with its
// access, interaction, where it runs and the module that serves it. A change of routes shows
// up here and in tests/golden/routes.txt in the same commit.
TEST(Binary, RoutesPrintsTheFrozenRouteTable) {
  auto r = run_process({kBinary, "--routes", "--data-dir", TempDir().str()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream golden(std::string(GATEWAY_SOURCE_DIR) + "/tests/golden/routes.txt");
  ASSERT_TRUE(golden) << "tests/golden/routes.txt is missing";
  const std::string expected((std::istreambuf_iterator<char>(golden)),
                             std::istreambuf_iterator<char>());
  EXPECT_EQ(r.out, expected);
}

TEST(Binary, CannotListenExitsOne) {
  auto r = run_process({kBinary, "--listen", "203.0.113.1:1", "--data-dir", TempDir().str()});
  EXPECT_EQ(r.exit_code, 1);
}

TEST(Binary, ServesAndStopsGracefullyOnSigterm) {
  TempDir dir;
  const std::string conf = dir.str() + "/gateway.conf";
  std::ofstream(conf) << "listen = 127.0.0.1:0\nmetrics_listen = 127.0.0.1:0\n"
                         "max_body_bytes = 10\ntest_issuer = true\n";
  ChildProcess p({kBinary, "--config", conf, "--data-dir", dir.str() + "/data"});
  auto port = p.wait_for_port();
  ASSERT_TRUE(port);
  auto metadata = http_request(*port, "GET", "/fhir/metadata");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->result_int(), 200);
  auto too_big = http_request(*port, "POST", "/fhir/metadata",
                              {{"Content-Type", "application/fhir+json"}}, std::string(50, 'x'));
  EXPECT_EQ(too_big->result_int(), 413);  // the config file's limit is in force
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

// The attack: a deployment that forgot its issuer (the container's defaults) must not
// silently trust a key it generated itself.
TEST(Binary, WithoutAnIssuerAndWithoutTestModeItRefusesToStart) {
  TempDir dir;
  auto r = run_process({kBinary, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
                        "--data-dir", dir.str() + "/data"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no issuer configured"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("test_issuer"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data" / "test-issuer"));
}

TEST(Binary, TestModeBesideAnIssuerIsAConfigurationError) {
  auto r = run_process({kBinary, "--test-issuer", "true", "--issuer", "https://helseid-sts.nhn.no",
                        "--audience", "nhn:fhir-gateway", "--jwks", "https://example.invalid/jwks",
                        "--data-dir", TempDir().str()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("test_issuer"), std::string::npos) << r.err;
}

TEST(Binary, TestModeStartsAndReadinessSaysTestIssuer) {
  TempDir dir;
  ChildProcess p({kBinary, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
                  "--test-issuer", "true", "--data-dir", dir.str() + "/data"});
  auto port = p.wait_for_port();
  ASSERT_TRUE(port);
  auto ready = http_request(*port, "GET", "/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_NE(ready->body().find("test issuer"), std::string::npos) << ready->body();
  EXPECT_NE(ready->body().find("NOT FOR PRODUCTION"), std::string::npos) << ready->body();
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

TEST(Binary, LogsTheMetricsAddressItBoundAndServesMetricsThere) {
  TempDir dir;
  ChildProcess p({kBinary, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
                  "--test-issuer", "true", "--data-dir", dir.str() + "/data"});
  auto metrics_port = p.wait_for_port("metrics listening");
  ASSERT_TRUE(metrics_port);
  auto api_port = p.wait_for_port();
  ASSERT_TRUE(api_port);
  EXPECT_NE(*metrics_port, *api_port);
  auto metrics = http_request(*metrics_port, "GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->result_int(), 200);
  EXPECT_NE(metrics->body().find("gateway_http_open_connections"), std::string::npos);
  EXPECT_EQ(http_request(*api_port, "GET", "/metrics")->result_int(), 401);
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);  // both listeners stop on the one signal
}

}  // namespace
}  // namespace gateway::testing
