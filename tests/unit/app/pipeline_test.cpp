// The composed pipeline: inline routes answer on the calling thread, pooled routes (their
// authentication included) on a worker, a full pool answers 503 with Retry-After, and the
// audit hook sees every routed request once, refused ones included.
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>

#include "app/pipeline.hpp"
#include "auth/principal.hpp"
#include "gate.hpp"
#include "ops/metrics.hpp"

namespace gateway::app {
namespace {

using namespace std::chrono_literals;

struct Fixture {
  ops::MetricsRegistry metrics;
  testing::Gate gate;
  ops::WorkerPool pool{{1, 1}, metrics};
  std::vector<std::string> audited;
  std::mutex audit_mutex;
  Pipeline pipeline{parts()};

  PipelineParts parts() {
    auto router = std::make_shared<fhir::Router>();
    router->add({"GET", "/thread",
                 [](const fhir::Request&) {
                   std::ostringstream id;
                   id << std::this_thread::get_id();
                   return fhir::make_response(200, id.str(), "text/plain");
                 },
                 fhir::Access::open, fhir::Interaction::other, ""});
    fhir::Route pooled{"GET",
                       "/pooled/thread",
                       router->routes()[0].handler,
                       fhir::Access::open,
                       fhir::Interaction::other,
                       ""};
    pooled.execution = fhir::Execution::worker_pool;
    router->add(std::move(pooled));
    fhir::Route blocking{"GET",
                         "/blocking",
                         [this](const fhir::Request&) {
                           gate.pass();
                           return fhir::make_response(200, "done", "text/plain");
                         },
                         fhir::Access::open,
                         fhir::Interaction::other,
                         ""};
    blocking.execution = fhir::Execution::worker_pool;
    router->add(std::move(blocking));
    router->add({"GET", "/protected", router->routes()[0].handler, fhir::Access::admin,
                 fhir::Interaction::other, ""});
    PipelineParts p;
    p.routes = std::move(router);
    p.pool = &pool;
    p.audit = [this](const fhir::RequestContext& context, fhir::Response response, bool) {
      std::lock_guard lock(audit_mutex);
      audited.push_back(std::string(context.route_template()) + " " +
                        std::to_string(response.status));
      return response;
    };
    return p;
  }

  std::future<http::Outcome> send(const std::string& path) {
    auto promise = std::make_shared<std::promise<http::Outcome>>();
    fhir::Request r;
    r.method = "GET";
    r.path = path;
    r.context.request_id = "req-" + path;
    pipeline.handle(std::move(r),
                    [promise](http::Outcome outcome) { promise->set_value(std::move(outcome)); });
    return promise->get_future();
  }
};

std::string this_thread_id() {
  std::ostringstream id;
  id << std::this_thread::get_id();
  return id.str();
}

TEST(Pipeline, InlineRoutesAnswerOnTheCallingThreadWithTheirContext) {
  Fixture f;
  auto answer = f.send("/thread");
  ASSERT_EQ(answer.wait_for(0s), std::future_status::ready);  // answered before handle returned
  const http::Outcome out = answer.get();
  EXPECT_EQ(out.response.body_view(), this_thread_id());
  EXPECT_EQ(out.context.request_id, "req-/thread");
  EXPECT_EQ(out.context.route_template(), "/thread");
}

TEST(Pipeline, PooledRoutesRunOnAWorkerThread) {
  Fixture f;
  auto answer = f.send("/pooled/thread");
  ASSERT_EQ(answer.wait_for(5s), std::future_status::ready);
  const http::Outcome out = answer.get();
  EXPECT_EQ(out.response.status, 200);
  EXPECT_NE(out.response.body_view(), this_thread_id());
}

TEST(Pipeline, AFullWorkerQueueIs503WithRetryAfterAndThePoolRecovers) {
  Fixture f;
  auto running = f.send("/blocking");  // occupies the only worker
  ASSERT_TRUE(f.gate.wait_entered(1));
  auto queued = f.send("/blocking");  // fills the queue of one
  auto refused = f.send("/blocking");
  ASSERT_EQ(refused.wait_for(0s), std::future_status::ready);
  const http::Outcome busy = refused.get();
  EXPECT_EQ(busy.response.status, 503);
  EXPECT_EQ(busy.response.header("retry-after").value_or(""), "1");
  f.gate.release();
  ASSERT_EQ(running.wait_for(5s), std::future_status::ready);
  ASSERT_EQ(queued.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(running.get().response.status, 200);
  EXPECT_EQ(queued.get().response.status, 200);
  auto after = f.send("/blocking");
  ASSERT_EQ(after.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(after.get().response.status, 200);
  EXPECT_NE(f.metrics.render().find("gateway_worker_rejected_total 1"), std::string::npos);
}

TEST(Pipeline, TheAuditHookSeesEveryRoutedRequestOnceRefusedOnesIncluded) {
  Fixture f;
  EXPECT_EQ(f.send("/thread").get().response.status, 200);
  EXPECT_EQ(f.send("/protected").get().response.status, 401);
  EXPECT_EQ(f.send("/nowhere").get().response.status, 404);
  EXPECT_EQ(f.send("/pooled/thread").get().response.status, 200);
  std::lock_guard lock(f.audit_mutex);
  EXPECT_EQ(f.audited,
            (std::vector<std::string>{"/thread 200", "/protected 401", "/pooled/thread 200"}));
}

TEST(Pipeline, HandleNowRunsEveryStageSynchronously) {
  Fixture f;
  fhir::Request r;
  r.method = "GET";
  r.path = "/pooled/thread";
  const http::Outcome out = f.pipeline.handle_now(std::move(r));
  EXPECT_EQ(out.response.body_view(), this_thread_id());
}

// With DPoP nonces on, every answer to an authenticated request carries the current nonce
// (RFC 9449 §8), so clients rotate before theirs goes stale; unauthenticated answers do not.
TEST(Pipeline, PooledRoutesAreAuthenticatedOnTheWorkerInlineOnesOnTheCallingThread) {
  ops::MetricsRegistry metrics;
  ops::WorkerPool pool{{1, 1}, metrics};
  const auto ok = [](const fhir::Request&) { return fhir::make_response(200, "ok", "text/plain"); };
  auto router = std::make_shared<fhir::Router>();
  router->add({"GET", "/inline", ok, fhir::Access::admin, fhir::Interaction::other, ""});
  fhir::Route pooled{"GET", "/pooled", ok, fhir::Access::admin, fhir::Interaction::other, ""};
  pooled.execution = fhir::Execution::worker_pool;
  router->add(std::move(pooled));
  std::mutex mutex;
  std::vector<std::string> threads;  // where each authentication ran, in order
  PipelineParts parts;
  parts.routes = router;
  parts.pool = &pool;
  parts.trust.authenticate =
      [&](const fhir::Request&,
          const fhir::Route&) -> fhir::Result<std::shared_ptr<const auth::Principal>> {
    std::lock_guard lock(mutex);
    threads.push_back(this_thread_id());
    return std::shared_ptr<const auth::Principal>(std::make_shared<auth::Principal>());
  };
  parts.trust.authorize = [](fhir::RequestContext&) -> fhir::Status { return {}; };
  const Pipeline pipeline(std::move(parts));
  for (const std::string path : {"/inline", "/pooled"}) {
    auto promise = std::make_shared<std::promise<http::Outcome>>();
    auto done = promise->get_future();
    fhir::Request r;
    r.method = "GET";
    r.path = path;
    pipeline.handle(std::move(r),
                    [promise](http::Outcome outcome) { promise->set_value(std::move(outcome)); });
    ASSERT_EQ(done.wait_for(5s), std::future_status::ready) << path;
    EXPECT_EQ(done.get().response.status, 200) << path;
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0], this_thread_id());
  EXPECT_NE(threads[1], this_thread_id());
}

TEST(Pipeline, AuthenticatedAnswersCarryTheCurrentDpopNonce) {
  auto router = std::make_shared<fhir::Router>();
  router->add({"GET", "/protected",
               [](const fhir::Request&) { return fhir::make_response(200, "ok", "text/plain"); },
               fhir::Access::admin, fhir::Interaction::other, ""});
  router->add({"GET", "/open",
               [](const fhir::Request&) { return fhir::make_response(200, "ok", "text/plain"); },
               fhir::Access::open, fhir::Interaction::other, ""});
  PipelineParts parts;
  parts.routes = router;
  parts.trust.authenticate =
      [](const fhir::Request&,
         const fhir::Route&) -> fhir::Result<std::shared_ptr<const auth::Principal>> {
    return std::shared_ptr<const auth::Principal>(std::make_shared<auth::Principal>());
  };
  parts.trust.authorize = [](fhir::RequestContext&) -> fhir::Status { return {}; };
  parts.trust.dpop_nonce = [] { return std::optional<std::string>("NONCE-1"); };
  const Pipeline pipeline(std::move(parts));
  const auto answer = [&](const std::string& path) {
    fhir::Request r;
    r.method = "GET";
    r.path = path;
    return pipeline.handle_now(std::move(r)).response;
  };
  EXPECT_EQ(answer("/protected").header("dpop-nonce").value_or(""), "NONCE-1");
  EXPECT_FALSE(answer("/open").header("dpop-nonce").has_value());
}

}  // namespace
}  // namespace gateway::app
