// Blocking work runs off the I/O threads: while every worker is busy and the queue is full,
// the server answers 503 with Retry-After at once, keeps serving inline routes, and
// recovers when the workers are free again.
#include <gtest/gtest.h>

#include <future>

#include "app/pipeline.hpp"
#include "gate.hpp"
#include "http_client.hpp"
#include "running_server.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, AFullQueueIs503WithRetryAfterAndTheServerRecovers) {
  ops::MetricsRegistry metrics;
  Gate gate;
  ops::WorkerPool pool({1, 1}, metrics);
  auto router = std::make_shared<fhir::Router>();
  fhir::Route store{"GET",
                    "/store",
                    [&](const fhir::Request&) {
                      gate.pass();
                      return fhir::make_response(200, "stored", "text/plain");
                    },
                    fhir::Access::open,
                    fhir::Interaction::other,
                    ""};
  store.execution = fhir::Execution::worker_pool;
  router->add(std::move(store));
  router->add({"GET", "/health/live",
               [](const fhir::Request&) { return fhir::make_response(200, "live", "text/plain"); },
               fhir::Access::open, fhir::Interaction::other, ""});
  app::PipelineParts parts;
  parts.routes = router;
  parts.pool = &pool;
  const app::Pipeline pipeline(std::move(parts));
  http::ServerOptions options;
  options.threads = 1;
  RunningServer server(options, handlers_for(pipeline));

  auto first =
      std::async(std::launch::async, [&] { return http_request(server.port(), "GET", "/store"); });
  ASSERT_TRUE(gate.wait_entered(1));
  auto second =
      std::async(std::launch::async, [&] { return http_request(server.port(), "GET", "/store"); });
  // The second waits in the queue of one; the third finds it full.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (pool.queued() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(pool.queued(), 1u);
  auto refused = http_request(server.port(), "GET", "/store");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 503);
  EXPECT_EQ((*refused)["Retry-After"], "1");
  EXPECT_NE(refused->body().find("OperationOutcome"), std::string::npos);
  // The I/O thread is free: inline routes answer while every worker is busy.
  auto live = http_request(server.port(), "GET", "/health/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->result_int(), 200);

  gate.release();
  ASSERT_EQ(first.wait_for(5s), std::future_status::ready);
  ASSERT_EQ(second.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(first.get()->result_int(), 200);
  EXPECT_EQ(second.get()->result_int(), 200);
  auto after = http_request(server.port(), "GET", "/store");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->result_int(), 200);
  server.stop_and_wait();
  pool.stop();
}

}  // namespace
}  // namespace gateway::testing
