// Contract: concurrent writers. Conditional creates yield one resource, optimistic
// concurrency lets exactly one of many same-version updates win, one failing transaction
// among concurrent ones (one commit group) does not affect the others, and paging is stable
// while a writer runs.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "store_contract_support.hpp"

namespace gateway::storage::contract {

template <typename Factory>
class StoreConcurrencyContract : public StoreContractTest<Factory> {};
TYPED_TEST_SUITE_P(StoreConcurrencyContract);

// Runs `body(i)` on `threads` threads released at once.
template <typename Body>
void run_together(int threads, Body body) {
  std::atomic<int> waiting{threads};
  std::vector<std::thread> running;
  for (int i = 0; i < threads; ++i) {
    running.emplace_back([&, i] {
      waiting.fetch_sub(1);
      while (waiting.load() > 0) std::this_thread::yield();
      body(i);
    });
  }
  for (auto& thread : running) thread.join();
}

inline SearchQuery by_identifier(const std::string& value) {
  return query_of("Patient", {clause("identifier", {TokenMatch{"urn:fnr", value, ""}})});
}

TYPED_TEST_P(StoreConcurrencyContract, ConcurrentConditionalCreatesYieldOneResource) {
  constexpr int kThreads = 16;
  std::vector<StoreResult<std::vector<WriteOutcome>>> results(
      kThreads, StoreResult<std::vector<WriteOutcome>>(std::vector<WriteOutcome>{}));
  run_together(kThreads, [&](int i) {
    auto transaction = this->store().begin();
    transaction->put_if_none_exist(
        by_identifier("111"), write_of("Patient", "p" + std::to_string(i),
                                       with_tokens({{"identifier", "urn:fnr", "111", ""}}), 0));
    results[i] = transaction->commit();
  });
  int created = 0;
  std::set<std::string> ids;
  for (const auto& result : results) {
    ASSERT_THAT(result, StoreOk());
    ASSERT_EQ(result->size(), 1u);
    created += result->front().created ? 1 : 0;
    ids.insert(result->front().version.id);
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);  // the others got the one that was created
  EXPECT_EQ(search_ids(this->store(), by_identifier("111")).size(), 1u);
}

TYPED_TEST_P(StoreConcurrencyContract, ConditionalCreateWithSeveralMatchesIsDuplicate) {
  for (const char* id : {"a", "b"}) {
    ASSERT_THAT(put(this->store(),
                    write_of("Patient", id, with_tokens({{"identifier", "urn:fnr", "1", ""}}))),
                StoreOk());
  }
  auto transaction = this->store().begin();
  transaction->put_if_none_exist(by_identifier("1"), write_of("Patient", "c"));
  EXPECT_THAT(transaction->commit(), StoreFails(StoreErrorKind::duplicate));
  EXPECT_THAT(this->store().read("Patient", "c"), StoreFails(StoreErrorKind::not_found));

  auto one = this->store().begin();
  one->put_if_none_exist(
      by_identifier("2"),
      write_of("Patient", "d", with_tokens({{"identifier", "urn:fnr", "2", ""}})));
  one->put_if_none_exist(by_identifier("2"), write_of("Patient", "e"));  // sees d
  auto outcomes = one->commit();
  ASSERT_THAT(outcomes, StoreOk());
  EXPECT_TRUE((*outcomes)[0].created);
  EXPECT_FALSE((*outcomes)[1].changed);
  EXPECT_EQ((*outcomes)[1].version.id, "d");
}

TYPED_TEST_P(StoreConcurrencyContract, FiftyUpdatesOfOneVersionOneWins) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  constexpr int kThreads = 50;
  std::atomic<int> won{0};
  std::atomic<int> conflicts{0};
  run_together(kThreads, [&](int) {
    auto result = put(this->store(), write_of("Patient", "p1", {}, 1));
    if (result) {
      won.fetch_add(1);
    } else if (result.error().kind == StoreErrorKind::version_conflict &&
               result.error().current_version == 2) {
      conflicts.fetch_add(1);
    }
  });
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  HistoryQuery history;
  history.type = "Patient";
  history.id = "p1";
  EXPECT_EQ(this->store().history(history)->versions.size(), 2u);
}

TYPED_TEST_P(StoreConcurrencyContract, FailingTransactionsDoNotAffectOthersCommittedWithThem) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "shared")), StoreOk());
  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::atomic<int> unexpected{0};
  run_together(kThreads, [&](int t) {
    for (int round = 0; round < kRounds; ++round) {
      const std::string id = "t" + std::to_string(t) + "-" + std::to_string(round);
      auto transaction = this->store().begin();
      transaction->put(write_of("Patient", id, {}, 0));
      const bool fails = (t + round) % 3 == 0;
      if (fails) transaction->put(write_of("Patient", "shared", {}, 99));  // always stale
      auto result = transaction->commit();
      if (fails != !result.ok()) unexpected.fetch_add(1);
      if (!result.ok() && result.error().kind != StoreErrorKind::version_conflict) {
        unexpected.fetch_add(1);
      }
    }
  });
  EXPECT_EQ(unexpected.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    for (int round = 0; round < kRounds; ++round) {
      const auto read =
          this->store().read("Patient", "t" + std::to_string(t) + "-" + std::to_string(round));
      if ((t + round) % 3 == 0) {
        EXPECT_THAT(read, StoreFails(StoreErrorKind::not_found));
      } else {
        EXPECT_THAT(read, StoreOk());
      }
    }
  }
  EXPECT_EQ(this->store().read("Patient", "shared")->version, 1);
}

TYPED_TEST_P(StoreConcurrencyContract, PagingIsStableWhileAWriterRuns) {
  std::set<std::string> initial;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "p" + std::to_string(100 + i);
    ASSERT_THAT(put(this->store(), write_of("Patient", id)), StoreOk());
    initial.insert(id);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      if (put(this->store(), write_of("Patient", "p" + std::to_string(100 + i % 40)))) {
        writes.fetch_add(1);
      }
      if (put(this->store(), write_of("Patient", "w" + std::to_string(i)))) writes.fetch_add(1);
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (writes.load() < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  auto query = query_of("Patient");
  query.count = 5;
  query.total = TotalMode::accurate;
  auto first = this->store().search(query);
  ASSERT_THAT(first, StoreOk());
  std::vector<std::string> seen = ids_of(first->matches);
  auto next = first->next;
  while (next) {
    while (writes.load() < static_cast<int>(seen.size()) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();  // let the writer get ahead of the paging
    }
    query.cursor = next;
    auto page = this->store().search(query);
    ASSERT_THAT(page, StoreOk());
    EXPECT_EQ(page->snapshot, first->snapshot);
    for (const auto& match : page->matches) seen.push_back(match.id);
    next = page->next;
  }
  stop.store(true);
  writer.join();
  EXPECT_GE(writes.load(), 4);
  ASSERT_TRUE(first->total);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(*first->total));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());  // no repeats
  for (const auto& id : initial) {
    EXPECT_TRUE(std::find(seen.begin(), seen.end(), id) != seen.end()) << id;
  }
}

REGISTER_TYPED_TEST_SUITE_P(StoreConcurrencyContract, ConcurrentConditionalCreatesYieldOneResource,
                            ConditionalCreateWithSeveralMatchesIsDuplicate,
                            FiftyUpdatesOfOneVersionOneWins,
                            FailingTransactionsDoNotAffectOthersCommittedWithThem,
                            PagingIsStableWhileAWriterRuns);

}  // namespace gateway::storage::contract
