// Contract: create, read, vread, update with expected versions, delete, history, expunge and
// atomic transactions.
#pragma once

#include "store_contract_support.hpp"

namespace gateway::storage::contract {

template <typename Factory>
class StoreCrudContract : public StoreContractTest<Factory> {};
TYPED_TEST_SUITE_P(StoreCrudContract);

TYPED_TEST_P(StoreCrudContract, CreateSetsMetaAndReadReturnsIt) {
  IndexValues index;
  index.compartments = {compartment_key("p1")};
  auto created = put(this->store(), write_of("Patient", "p1", index, 0));
  ASSERT_THAT(created, StoreOk());
  EXPECT_TRUE(created->created);
  EXPECT_TRUE(created->changed);
  EXPECT_EQ(created->version.version, 1);
  EXPECT_GT(created->version.sequence, 0);
  EXPECT_GT(created->version.last_updated, 0);

  auto read = this->store().read("Patient", "p1");
  ASSERT_THAT(read, StoreOk());
  EXPECT_EQ(read->version, 1);
  EXPECT_EQ(read->sequence, created->version.sequence);
  EXPECT_EQ(read->compartments, std::vector<std::string>{"Patient/p1"});
  EXPECT_FALSE(read->deleted);
  const auto json = nlohmann::json::parse(read->json);
  EXPECT_EQ(json["id"], "p1");
  EXPECT_EQ(json["meta"]["versionId"], "1");
  EXPECT_TRUE(json["meta"]["lastUpdated"].is_string());
  EXPECT_EQ(read->json, created->version.json);
}

TYPED_TEST_P(StoreCrudContract, MissingResourceIsNotFound) {
  EXPECT_THAT(this->store().read("Patient", "nobody"), StoreFails(StoreErrorKind::not_found));
  EXPECT_THAT(this->store().vread("Patient", "nobody", 1), StoreFails(StoreErrorKind::not_found));
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  EXPECT_THAT(this->store().vread("Patient", "p1", 2), StoreFails(StoreErrorKind::not_found));
  EXPECT_THAT(this->store().read("Condition", "p1"), StoreFails(StoreErrorKind::not_found));
}

TYPED_TEST_P(StoreCrudContract, UpdateChecksTheExpectedVersion) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1", {}, 0)), StoreOk());
  auto second = put(this->store(), write_of("Patient", "p1", {}, 1));
  ASSERT_THAT(second, StoreOk());
  EXPECT_EQ(second->version.version, 2);
  EXPECT_FALSE(second->created);

  auto stale = put(this->store(), write_of("Patient", "p1", {}, 1));
  ASSERT_THAT(stale, StoreFails(StoreErrorKind::version_conflict));
  EXPECT_EQ(stale.error().current_version, 2);

  auto unconditional = put(this->store(), write_of("Patient", "p1"));
  ASSERT_THAT(unconditional, StoreOk());
  EXPECT_EQ(unconditional->version.version, 3);

  EXPECT_THAT(put(this->store(), write_of("Patient", "p1", {}, 0)),
              StoreFails(StoreErrorKind::duplicate));
  EXPECT_THAT(put(this->store(), write_of("Patient", "p9", {}, 4)),
              StoreFails(StoreErrorKind::not_found));
  auto first = this->store().vread("Patient", "p1", 1);
  ASSERT_THAT(first, StoreOk());
  EXPECT_EQ(nlohmann::json::parse(first->json)["meta"]["versionId"], "1");
  EXPECT_EQ(this->store().read("Patient", "p1")->version, 3);
}

TYPED_TEST_P(StoreCrudContract, DeleteLeavesADeletionVersion) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  auto deleted = remove(this->store(), "Patient", "p1");
  ASSERT_THAT(deleted, StoreOk());
  EXPECT_TRUE(deleted->changed);
  EXPECT_TRUE(deleted->version.deleted);
  EXPECT_EQ(deleted->version.version, 2);

  auto read = this->store().read("Patient", "p1");
  ASSERT_THAT(read, StoreFails(StoreErrorKind::deleted));
  EXPECT_EQ(read.error().current_version, 2);
  auto deletion = this->store().vread("Patient", "p1", 2);
  ASSERT_THAT(deletion, StoreOk());
  EXPECT_TRUE(deletion->deleted);
  EXPECT_THAT(this->store().vread("Patient", "p1", 1), StoreOk());

  HistoryQuery history;
  history.type = "Patient";
  history.id = "p1";
  auto page = this->store().history(history);
  ASSERT_THAT(page, StoreOk());
  ASSERT_EQ(page->versions.size(), 2u);
  EXPECT_TRUE(page->versions[0].deleted);
  EXPECT_EQ(page->versions[1].version, 1);
}

TYPED_TEST_P(StoreCrudContract, DeleteIsIdempotent) {
  auto missing = remove(this->store(), "Patient", "nobody");
  ASSERT_THAT(missing, StoreOk());
  EXPECT_FALSE(missing->changed);
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  ASSERT_THAT(remove(this->store(), "Patient", "p1"), StoreOk());
  auto again = remove(this->store(), "Patient", "p1");
  ASSERT_THAT(again, StoreOk());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->version.version, 2);
  EXPECT_EQ(this->store().read("Patient", "p1").error().current_version, 2);
}

TYPED_TEST_P(StoreCrudContract, DeleteChecksTheExpectedVersion) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  auto stale = remove(this->store(), "Patient", "p1", 5);
  ASSERT_THAT(stale, StoreFails(StoreErrorKind::version_conflict));
  EXPECT_EQ(stale.error().current_version, 1);
  EXPECT_THAT(remove(this->store(), "Patient", "p1", 1), StoreOk());
}

TYPED_TEST_P(StoreCrudContract, WriteAfterDeleteCreatesAgain) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  ASSERT_THAT(remove(this->store(), "Patient", "p1"), StoreOk());
  auto again = put(this->store(), write_of("Patient", "p1", {}, 0));
  ASSERT_THAT(again, StoreOk());
  EXPECT_TRUE(again->created);
  EXPECT_EQ(again->version.version, 3);
  EXPECT_THAT(this->store().read("Patient", "p1"), StoreOk());
}

TYPED_TEST_P(StoreCrudContract, HistoryAtInstanceTypeAndSystemLevel) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "a")), StoreOk());
  ASSERT_THAT(put(this->store(), write_of("Patient", "b")), StoreOk());
  ASSERT_THAT(put(this->store(), write_of("Condition", "c")), StoreOk());
  auto last = put(this->store(), write_of("Patient", "a"));
  ASSERT_THAT(last, StoreOk());

  HistoryQuery instance;
  instance.type = "Patient";
  instance.id = "a";
  auto a = this->store().history(instance);
  ASSERT_THAT(a, StoreOk());
  ASSERT_EQ(a->versions.size(), 2u);
  EXPECT_EQ(a->versions[0].version, 2);
  EXPECT_EQ(a->versions[1].version, 1);
  EXPECT_FALSE(a->next_before_sequence);

  HistoryQuery type;
  type.type = "Patient";
  auto patients = this->store().history(type);
  ASSERT_THAT(patients, StoreOk());
  EXPECT_EQ(ids_of(patients->versions), (std::vector<std::string>{"a", "b", "a"}));

  HistoryQuery system;
  auto everything = this->store().history(system);
  ASSERT_THAT(everything, StoreOk());
  EXPECT_EQ(ids_of(everything->versions), (std::vector<std::string>{"a", "c", "b", "a"}));

  system.since = last->version.last_updated + 1;
  EXPECT_TRUE(this->store().history(system)->versions.empty());
  system.since = last->version.last_updated;
  EXPECT_FALSE(this->store().history(system)->versions.empty());
}

TYPED_TEST_P(StoreCrudContract, HistoryPagesBySequence) {
  for (int i = 0; i < 5; ++i) ASSERT_THAT(put(this->store(), write_of("Patient", "a")), StoreOk());
  HistoryQuery query;
  query.type = "Patient";
  query.id = "a";
  query.count = 2;
  std::vector<std::int64_t> versions;
  for (int page = 0; page < 10; ++page) {
    auto result = this->store().history(query);
    ASSERT_THAT(result, StoreOk());
    EXPECT_LE(result->versions.size(), 2u);
    for (const auto& v : result->versions) versions.push_back(v.version);
    if (!result->next_before_sequence) break;
    query.before_sequence = result->next_before_sequence;
  }
  EXPECT_EQ(versions, (std::vector<std::int64_t>{5, 4, 3, 2, 1}));
}

TYPED_TEST_P(StoreCrudContract, HistoryKeepsToTheCompartments) {
  IndexValues mine;
  mine.compartments = {compartment_key("p1")};
  IndexValues theirs;
  theirs.compartments = {compartment_key("p2")};
  ASSERT_THAT(put(this->store(), write_of("Condition", "c1", mine)), StoreOk());
  ASSERT_THAT(put(this->store(), write_of("Condition", "c2", theirs)), StoreOk());
  HistoryQuery query;
  query.type = "Condition";
  query.compartments = std::vector<std::string>{compartment_key("p1")};
  auto page = this->store().history(query);
  ASSERT_THAT(page, StoreOk());
  EXPECT_EQ(ids_of(page->versions), std::vector<std::string>{"c1"});
}

TYPED_TEST_P(StoreCrudContract, ExpungeRemovesTheHistory) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1", with_tokens({{"name", "", "x", ""}}))),
              StoreOk());
  ASSERT_THAT(put(this->store(), write_of("Patient", "p1")), StoreOk());
  ASSERT_THAT(put(this->store(), write_of("Patient", "p2")), StoreOk());
  auto expunged = expunge(this->store(), "Patient", "p1");
  ASSERT_THAT(expunged, StoreOk());
  EXPECT_TRUE(expunged->changed);
  EXPECT_THAT(this->store().read("Patient", "p1"), StoreFails(StoreErrorKind::not_found));
  EXPECT_THAT(this->store().vread("Patient", "p1", 1), StoreFails(StoreErrorKind::not_found));
  HistoryQuery history;
  history.type = "Patient";
  EXPECT_EQ(ids_of(this->store().history(history)->versions), std::vector<std::string>{"p2"});
  EXPECT_EQ(search_ids(this->store(), query_of("Patient")), std::vector<std::string>{"p2"});
  auto again = put(this->store(), write_of("Patient", "p1", {}, 0));
  ASSERT_THAT(again, StoreOk());
  EXPECT_EQ(again->version.version, 1);
  EXPECT_FALSE(expunge(this->store(), "Patient", "nobody")->changed);
}

TYPED_TEST_P(StoreCrudContract, TransactionIsAllOrNothing) {
  ASSERT_THAT(put(this->store(), write_of("Patient", "existing")), StoreOk());
  auto transaction = this->store().begin();
  transaction->put(write_of("Patient", "new"));
  transaction->put(write_of("Patient", "existing", {}, 7));
  auto committed = transaction->commit();
  ASSERT_THAT(committed, StoreFails(StoreErrorKind::version_conflict));
  EXPECT_EQ(committed.error().current_version, 1);
  EXPECT_THAT(this->store().read("Patient", "new"), StoreFails(StoreErrorKind::not_found));
  EXPECT_EQ(this->store().read("Patient", "existing")->version, 1);
}

TYPED_TEST_P(StoreCrudContract, TransactionAppliesItsOperationsInOrder) {
  auto transaction = this->store().begin();
  transaction->put(write_of("Patient", "a", {}, 0));
  transaction->put(write_of("Patient", "a", {}, 1));
  transaction->put(write_of("Patient", "b"));
  transaction->remove("Patient", "b");
  auto committed = transaction->commit();
  ASSERT_THAT(committed, StoreOk());
  ASSERT_EQ(committed->size(), 4u);
  EXPECT_EQ((*committed)[1].version.version, 2);
  EXPECT_TRUE((*committed)[3].version.deleted);
  EXPECT_EQ(this->store().read("Patient", "a")->version, 2);
  EXPECT_THAT(this->store().read("Patient", "b"), StoreFails(StoreErrorKind::deleted));
}

TYPED_TEST_P(StoreCrudContract, UncommittedTransactionWritesNothing) {
  {
    auto transaction = this->store().begin();
    transaction->put(write_of("Patient", "a"));
  }
  EXPECT_THAT(this->store().read("Patient", "a"), StoreFails(StoreErrorKind::not_found));
}

REGISTER_TYPED_TEST_SUITE_P(StoreCrudContract, CreateSetsMetaAndReadReturnsIt,
                            MissingResourceIsNotFound, UpdateChecksTheExpectedVersion,
                            DeleteLeavesADeletionVersion, DeleteIsIdempotent,
                            DeleteChecksTheExpectedVersion, WriteAfterDeleteCreatesAgain,
                            HistoryAtInstanceTypeAndSystemLevel, HistoryPagesBySequence,
                            HistoryKeepsToTheCompartments, ExpungeRemovesTheHistory,
                            TransactionIsAllOrNothing, TransactionAppliesItsOperationsInOrder,
                            UncommittedTransactionWritesNothing);

}  // namespace gateway::storage::contract
