// The audit queue over a real SQLite store: a record is durable when record() returns, many
// concurrent records share transactions, a full queue and a failing store refuse at once,
// and the stage answers 503 instead of patient data when its record cannot be written.
#include "audit/audit_queue.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "audit/audit_stage.hpp"
#include "fhir/router.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace gateway::audit {
namespace {

using fhir::Json;

// A store that passes everything to a real one, except that commits can be held at a gate
// or made to fail.
class ControlledStore final : public storage::ResourceStore {
 public:
  explicit ControlledStore(storage::ResourceStore& real) : real_(real) {}

  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    gate_.notify_all();
  }
  void fail(bool failing) { failing_ = failing; }
  int commits() const { return commits_; }
  int waiting() const { return waiting_; }
  int held_puts() const { return held_puts_; }  // records in the transaction at the gate

  storage::StoreResult<storage::StoredVersion> read(const std::string& type,
                                                    const std::string& id) override {
    return real_.read(type, id);
  }
  storage::StoreResult<storage::StoredVersion> vread(const std::string& type, const std::string& id,
                                                     std::int64_t version) override {
    return real_.vread(type, id, version);
  }
  storage::StoreResult<storage::SearchPage> search(const storage::SearchQuery& query) override {
    return real_.search(query);
  }
  storage::StoreResult<storage::HistoryPage> history(const storage::HistoryQuery& query) override {
    return real_.history(query);
  }
  storage::StoreStatus check() override { return real_.check(); }

  std::unique_ptr<storage::Transaction> begin() override {
    return std::make_unique<Gated>(*this, real_.begin());
  }

 private:
  class Gated final : public storage::Transaction {
   public:
    Gated(ControlledStore& store, std::unique_ptr<storage::Transaction> real)
        : store_(store), real_(std::move(real)) {}
    void put(storage::ResourceWrite write) override {
      ++puts_;
      real_->put(std::move(write));
    }
    void remove(std::string type, std::string id, std::optional<std::int64_t> v) override {
      real_->remove(std::move(type), std::move(id), v);
    }
    void put_if_none_exist(storage::SearchQuery c, storage::ResourceWrite w) override {
      real_->put_if_none_exist(std::move(c), std::move(w));
    }
    void expunge(std::string type, std::string id) override {
      real_->expunge(std::move(type), std::move(id));
    }
    storage::StoreResult<std::vector<storage::WriteOutcome>> commit() override {
      {
        std::unique_lock lock(store_.mutex_);
        ++store_.waiting_;
        store_.held_puts_ += puts_;
        store_.gate_.wait(lock, [&] { return !store_.held_; });
        store_.held_puts_ -= puts_;
        --store_.waiting_;
      }
      ++store_.commits_;
      if (store_.failing_) {
        return storage::StoreError{storage::StoreErrorKind::unavailable, "disk gone"};
      }
      return real_->commit();
    }

   private:
    ControlledStore& store_;
    std::unique_ptr<storage::Transaction> real_;
    int puts_ = 0;
  };

  storage::ResourceStore& real_;
  std::mutex mutex_;
  std::condition_variable gate_;
  bool held_ = false;
  std::atomic<bool> failing_{false};
  std::atomic<int> commits_{0};
  std::atomic<int> waiting_{0};
  std::atomic<int> held_puts_{0};
};

// An AuditEvent write without index rows: the queue does not care what the indexer adds.
fhir::Result<storage::ResourceWrite> plain_write(Json event) {
  static std::atomic<int> next{0};
  storage::ResourceWrite write;
  write.type = "AuditEvent";
  write.id = "a" + std::to_string(next++);
  event["id"] = write.id;
  write.resource = std::move(event);
  return write;
}

Json event_named(const std::string& what) {
  return {{"resourceType", "AuditEvent"}, {"outcomeDesc", what}};
}

class AuditQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::SqliteStoreOptions options;
    options.path = dir_.str() + "/store.db";
    auto opened = storage::SqliteStore::open(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    sqlite_ = std::move(*opened);
    store_ = std::make_unique<ControlledStore>(*sqlite_);
  }
  std::size_t stored_audit_events() {
    storage::HistoryQuery all;
    all.type = "AuditEvent";
    all.count = 1000;
    auto page = sqlite_->history(all);
    EXPECT_TRUE(page.ok());
    return page ? page->versions.size() : 0;
  }

  testing::TempDir dir_;
  ops::MetricsRegistry metrics_;
  std::unique_ptr<storage::SqliteStore> sqlite_;
  std::unique_ptr<ControlledStore> store_;
};

TEST_F(AuditQueueTest, ARecordIsStoredWhenRecordReturns) {
  AuditQueue queue(*store_, metrics_, {});
  queue.start(&plain_write);
  ASSERT_TRUE(queue.record(event_named("one")).ok());
  EXPECT_EQ(stored_audit_events(), 1u);
}

TEST_F(AuditQueueTest, NothingIsAcceptedBeforeTheWriterStarts) {
  AuditQueue queue(*store_, metrics_, {});
  const auto refused = queue.record(event_named("early"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, fhir::ErrorKind::unavailable);
  EXPECT_FALSE(queue.record_later(event_named("early")));
  EXPECT_EQ(stored_audit_events(), 0u);
}

TEST_F(AuditQueueTest, ConcurrentRecordsShareTransactions) {
  AuditQueue queue(*store_, metrics_, {});
  queue.start(&plain_write);
  store_->hold();  // the first batch waits, so the others pile up behind it
  constexpr int kThreads = 32;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      if (queue.record(event_named("r" + std::to_string(i)))) ++ok;
    });
  }
  // Everything but the held batch queues up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (queue.depth() + store_->held_puts() < kThreads &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  store_->release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, kThreads);
  EXPECT_EQ(stored_audit_events(), static_cast<std::size_t>(kThreads));
  EXPECT_LE(store_->commits(), 2);  // the held one and one for everything queued behind it
}

TEST_F(AuditQueueTest, AFullQueueRefusesAtOnce) {
  AuditQueue queue(*store_, metrics_, {2, 1});
  queue.start(&plain_write);
  store_->hold();
  std::thread first([&] { EXPECT_TRUE(queue.record(event_named("held")).ok()); });
  while (store_->waiting() == 0) std::this_thread::yield();  // the writer holds "held"
  EXPECT_TRUE(queue.record_later(event_named("queued 1")));
  EXPECT_TRUE(queue.record_later(event_named("queued 2")));
  const auto refused = queue.record(event_named("one too many"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, fhir::ErrorKind::unavailable);
  store_->release();
  first.join();
}

TEST_F(AuditQueueTest, AFailingStoreFailsTheRecordAndTheStageAnswers503) {
  AuditQueue queue(*store_, metrics_, {});
  queue.start(&plain_write);
  AuditStage stage(queue, metrics_);
  fhir::Route route;
  route.pattern = "/fhir/Condition/{id}";
  route.access = fhir::Access::patient_data;
  route.interaction = fhir::Interaction::read;
  fhir::RequestContext context;
  context.route = &route;

  store_->fail(true);
  const auto failed = queue.record(event_named("lost"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, fhir::ErrorKind::unavailable);

  const fhir::Response data = fhir::make_response(200, R"({"resourceType":"Condition"})");
  const fhir::Response answered = stage(context, data, true);
  EXPECT_EQ(answered.status, 503);
  EXPECT_EQ(answered.body_view().find("Condition\""), std::string::npos);
  EXPECT_EQ(answered.header("retry-after"), "1");
  // A refusal carries no patient data: it is queued, not waited for, and sent as it is.
  const fhir::Response refusal = fhir::make_response(403, "{}");
  EXPECT_EQ(stage(context, refusal, true).status, 403);

  store_->fail(false);
  EXPECT_EQ(stage(context, data, true).status, 200);
  EXPECT_GE(stored_audit_events(), 1u);
}

TEST_F(AuditQueueTest, OnlyPatientDataAuditLogAndErasuresAreAudited) {
  fhir::Route route;
  for (auto [access, type, expected] :
       {std::tuple{fhir::Access::patient_data, "", true},
        std::tuple{fhir::Access::audit_log, "AuditEvent", true},
        std::tuple{fhir::Access::audit_admin, "AuditEvent", true},
        std::tuple{fhir::Access::admin, "Condition", true},
        std::tuple{fhir::Access::admin, "", false}, std::tuple{fhir::Access::open, "", false},
        std::tuple{fhir::Access::grunndata, "", false}}) {
    route.access = access;
    route.resource_type = type;
    EXPECT_EQ(is_audited(route), expected) << fhir::access_name(access);
  }
}

}  // namespace
}  // namespace gateway::audit
