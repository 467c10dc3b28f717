// Two gateway replicas on one PostgreSQL (store = postgres://...): a DPoP proof accepted by
// one is refused as a replay by the other, and with the database down proofs are refused
// with 503 rather than accepted.
#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "auth/test_issuer.hpp"
#include "http_client.hpp"
#include "postgres/postgres_server.hpp"
#include "postgres/test_database.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

const std::string kSearch = "/fhir/MedicinalProductDefinition?name=kodimagnyl";

class ReplicasReplayTest : public ::testing::Test {
 protected:
  ReplicasReplayTest() {
    replica_a_ = std::make_unique<RunningApplication>(settings());
    // The second replica shares the first one's data dir, hence its local test issuer.
    auto b = settings();
    b["data_dir"] = replica_a_->data_dir().str() + "/data";
    replica_b_ = std::make_unique<RunningApplication>(b);
    EXPECT_TRUE(wait_until_ready(replica_a_->port()));
    EXPECT_TRUE(wait_until_ready(replica_b_->port()));
    auto issuer = auth::TestIssuer::open(replica_a_->data_dir().str() + "/data/test-issuer");
    EXPECT_TRUE(issuer.ok());
    if (issuer) issuer_ = std::make_unique<auth::TestIssuer>(std::move(*issuer));
  }
  std::map<std::string, std::string> settings() const {
    return {{"log_access", "false"},
            {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"},
            {"store", schema_.url()}};
  }
  std::string proof(const std::string& token) const {
    return issuer_->mint_dpop_proof("GET", "http://127.0.0.1" + kSearch, token, std::time(nullptr));
  }

  ScratchSchema schema_{fixture_postgres_url()};
  std::unique_ptr<RunningApplication> replica_a_;
  std::unique_ptr<RunningApplication> replica_b_;
  std::unique_ptr<auth::TestIssuer> issuer_;
};

TEST_F(ReplicasReplayTest, AProofAcceptedByOneReplicaIsAReplayOnTheOther) {
  ASSERT_TRUE(issuer_);
  const std::string token = issuer_->mint_access_token({}, std::time(nullptr));
  const std::string p = proof(token);
  auto on_a = http_request(replica_a_->port(), "GET", kSearch,
                           {{"Authorization", "DPoP " + token}, {"DPoP", p}});
  ASSERT_TRUE(on_a);
  EXPECT_EQ(on_a->result_int(), 200);
  auto on_b = http_request(replica_b_->port(), "GET", kSearch,
                           {{"Authorization", "DPoP " + token}, {"DPoP", p}});
  ASSERT_TRUE(on_b);
  EXPECT_EQ(on_b->result_int(), 401);
  EXPECT_NE(std::string(on_b->at("WWW-Authenticate")).find("invalid_dpop_proof"),
            std::string::npos);
  // A fresh proof for the same token passes on the other replica.
  auto fresh = http_request(replica_b_->port(), "GET", kSearch,
                            {{"Authorization", "DPoP " + token}, {"DPoP", proof(token)}});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->result_int(), 200);
}

// A private server: stopping the shared one would disturb tests running beside this one.
TEST(ReplicaWithDatabaseDownTest, ProofsAreRefusedWith503NotAccepted) {
  auto database = PostgresServer::start();
  RunningApplication replica({{"log_access", "false"},
                              {"fest", GATEWAY_SOURCE_DIR "/fixtures/fest/fest-excerpt.xml"},
                              {"store", database->url()}});
  ASSERT_TRUE(wait_until_ready(replica.port()));
  auto issuer = auth::TestIssuer::open(replica.data_dir().str() + "/data/test-issuer");
  ASSERT_TRUE(issuer.ok());
  const std::string token = issuer->mint_access_token({}, std::time(nullptr));
  auto mint = [&] {
    return issuer->mint_dpop_proof("GET", "http://127.0.0.1" + kSearch, token, std::time(nullptr));
  };
  auto up = http_request(replica.port(), "GET", kSearch,
                         {{"Authorization", "DPoP " + token}, {"DPoP", mint()}});
  ASSERT_TRUE(up);
  EXPECT_EQ(up->result_int(), 200);
  database->stop();
  auto down = http_request(replica.port(), "GET", kSearch,
                           {{"Authorization", "DPoP " + token}, {"DPoP", mint()}});
  ASSERT_TRUE(down);
  EXPECT_EQ(down->result_int(), 503);
}

}  // namespace
}  // namespace gateway::testing
