// The libpq wrapper and pool against a real server: parameters, error mapping without
// values in messages, the pool's bound, and recovery after the server restarts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "postgres/postgres_server.hpp"
#include "postgres/test_database.hpp"
#include "result_matchers.hpp"
#include "storage/postgres/pg_pool.hpp"

namespace gateway::storage::postgres {
namespace {

using gateway::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

class PgPoolTest : public ::testing::Test {
 protected:
  gateway::testing::ScratchSchema schema_{gateway::testing::fixture_postgres_url()};
};

TEST_F(PgPoolTest, RunsParameterisedStatementsWithTextAndNull) {
  PgPool pool({schema_.url(), 2});
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  auto rows = (*lease)->exec_prepared("echo", "SELECT $1::text, $2::bigint, $3::text IS NULL",
                                      {"it's \"quoted\"", "-42", std::nullopt});
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->rows(), 1);
  EXPECT_EQ(rows->text(0, 0), "it's \"quoted\"");
  EXPECT_EQ(rows->int64(0, 1), -42);
  EXPECT_TRUE(rows->boolean(0, 2));
  // The prepared statement is reused on the same connection.
  auto again = (*lease)->exec_prepared("echo", "SELECT $1::text, $2::bigint, $3::text IS NULL",
                                       {"x", "1", "y"});
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->boolean(0, 2));
}

TEST_F(PgPoolTest, TablesLandInTheScratchSchema) {
  PgPool pool({schema_.url(), 1});
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  ASSERT_THAT((*lease)->exec("create", "CREATE TABLE t (id text PRIMARY KEY)"), IsOk());
  auto where = (*lease)->exec("schema",
                              "SELECT table_schema FROM information_schema.tables "
                              "WHERE table_name = 't'");
  ASSERT_THAT(where, IsOk());
  ASSERT_EQ(where->rows(), 1);
  EXPECT_EQ(where->text(0, 0), schema_.name());
}

TEST_F(PgPoolTest, UniqueViolationIsDuplicateAndTheMessageHoldsNoValue) {
  PgPool pool({schema_.url(), 1});
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  ASSERT_THAT((*lease)->exec("create", "CREATE TABLE t (id text CONSTRAINT t_id PRIMARY KEY)"),
              IsOk());
  const std::string insert = "INSERT INTO t VALUES ($1)";
  ASSERT_THAT((*lease)->exec("insert t", insert, {"patient-secret-42"}), IsOk());
  auto twice = (*lease)->exec("insert t", insert, {"patient-secret-42"});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, StoreErrorKind::duplicate);
  EXPECT_THAT(twice.error().message, HasSubstr("23505"));
  EXPECT_THAT(twice.error().message, HasSubstr("t_id"));
  EXPECT_THAT(twice.error().message, Not(HasSubstr("patient-secret-42")));
  EXPECT_THAT(twice.error().message, Not(HasSubstr("INSERT")));
}

TEST_F(PgPoolTest, ReadOnlyTransactionIsUnavailable) {
  PgPool pool({schema_.url(), 1});
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  // What a hot standby (or a primary demoted under it) answers to a write.
  ASSERT_THAT((*lease)->exec("read only", "SET default_transaction_read_only = on"), IsOk());
  auto refused = (*lease)->exec("create", "CREATE TABLE u (x int)");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, StoreErrorKind::unavailable);
}

TEST_F(PgPoolTest, BadInputIsInvalidWithoutTheValue) {
  PgPool pool({schema_.url(), 1});
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  auto refused = (*lease)->exec("cast", "SELECT $1::bigint", {"not-a-number-7"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, StoreErrorKind::invalid);
  EXPECT_THAT(refused.error().message, Not(HasSubstr("not-a-number-7")));
}

TEST_F(PgPoolTest, ABusyPoolRefusesAfterItsTimeout) {
  PgPool pool({schema_.url(), 2, std::chrono::milliseconds(100)});
  auto first = pool.acquire();
  auto second = pool.acquire();
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  auto third = pool.acquire();
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, StoreErrorKind::unavailable);
}

TEST_F(PgPoolTest, AReturnedConnectionServesTheNextWaiter) {
  PgPool pool({schema_.url(), 1, std::chrono::seconds(10)});
  auto held = std::make_optional(pool.acquire());
  ASSERT_THAT(*held, IsOk());
  std::thread waiter([&] {
    auto lease = pool.acquire();
    EXPECT_THAT(lease, IsOk());
  });
  held.reset();  // the waiter gets it without waiting for its timeout
  waiter.join();
}

TEST_F(PgPoolTest, SessionSetupRunsOnEveryNewConnection) {
  PgPool pool({schema_.url(), 1, std::chrono::seconds(5), {"SET synchronous_commit = off"}});
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  auto setting = (*lease)->exec("show", "SHOW synchronous_commit");
  ASSERT_THAT(setting, IsOk());
  EXPECT_EQ(setting->text(0, 0), "off");
}

TEST(PgPoolDownTest, NoServerIsUnavailable) {
  // A port nobody listens on: the server's own, after it stopped.
  auto server = gateway::testing::PostgresServer::start();
  const std::string url = server->url();
  server->stop();
  PgPool pool({url, 1});
  auto lease = pool.acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.error().kind, StoreErrorKind::unavailable);
}

// A private server: restarting the shared one would disturb tests running beside this one.
TEST(PgPoolRestartTest, ReconnectsAfterTheServerRestarts) {
  auto server = gateway::testing::PostgresServer::start();
  PgPool pool({server->url(), 2});
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    ASSERT_THAT((*a)->exec("ping", "SELECT 1"), IsOk());
    ASSERT_THAT((*b)->exec("ping", "SELECT 1"), IsOk());
  }
  server->restart();  // both idle connections are now closed by the server
  for (int i = 0; i < 3; ++i) {
    auto lease = pool.acquire();
    ASSERT_THAT(lease, IsOk());
    EXPECT_THAT((*lease)->exec("ping", "SELECT 1"), IsOk());
  }
  // A connection on loan while the server goes away fails once, with unavailable, and
  // its slot is reopened afterwards.
  {
    auto lease = pool.acquire();
    ASSERT_THAT(lease, IsOk());
    server->restart();
    auto lost = (*lease)->exec("ping", "SELECT 1");
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().kind, StoreErrorKind::unavailable);
  }
  auto lease = pool.acquire();
  ASSERT_THAT(lease, IsOk());
  EXPECT_THAT((*lease)->exec("ping", "SELECT 1"), IsOk());
}

}  // namespace
}  // namespace gateway::storage::postgres
