// A test suite's gateway: one application in test mode with the sample FEST, started once
// per suite (or, for tests that need a store of their own, once per test) and ready before
// the test, and the local test issuer that mints tokens and proofs for it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "auth/test_issuer.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {

class ApplicationWithIssuer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<RunningApplication>(std::map<std::string, std::string>{
        {"log_access", "false"}, {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"}});
    for (int i = 0; i < 300; ++i) {
      auto r = http_request(port(), "GET", "/health/ready");
      if (r && r->result_int() == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    auto issuer = auth::TestIssuer::open(server_->data_dir().str() + "/data/test-issuer");
    ASSERT_TRUE(issuer.ok());
    issuer_ = std::make_unique<auth::TestIssuer>(std::move(*issuer));
  }
  static unsigned short port() { return server_->port(); }
  static unsigned short metrics_port() { return server_->metrics_port(); }

  inline static std::unique_ptr<RunningApplication> server_;
  std::unique_ptr<auth::TestIssuer> issuer_;
};

// The same with a gateway, and so a store, of each test's own.
class FreshApplicationWithIssuer : public ::testing::Test {
 protected:
  void SetUp() override { start(); }
  // Starts the gateway with `settings` over the defaults (e.g. a PostgreSQL store).
  void start(const std::map<std::string, std::string>& settings = {}) {
    std::map<std::string, std::string> all{
        {"log_access", "false"}, {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"}};
    for (const auto& [name, value] : settings) all[name] = value;
    server_ = std::make_unique<RunningApplication>(all);
    ASSERT_TRUE(wait_until_ready(server_->port()));
    auto issuer = auth::TestIssuer::open(server_->data_dir().str() + "/data/test-issuer");
    ASSERT_TRUE(issuer.ok());
    issuer_ = std::make_unique<auth::TestIssuer>(std::move(*issuer));
  }
  unsigned short port() const { return server_->port(); }
  std::string audience() const { return issuer_->audience(); }

  std::unique_ptr<RunningApplication> server_;
  std::unique_ptr<auth::TestIssuer> issuer_;
};

}  // namespace gateway::testing
