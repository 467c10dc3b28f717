// Helpers of the store contract suite: the fixture over a store factory, resource writes with
// hand-made index values, one-operation transactions and matchers for store errors.
//
// A factory type F is default-constructible and has `std::unique_ptr<ResourceStore>
// create()` returning a fresh, empty store; the factory owns whatever the store needs (a
// temporary directory, a database) and lives as long as the test.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/resource_store.hpp"

namespace gateway::storage::contract {

template <typename Factory>
class StoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = factory_.create();
    ASSERT_NE(store_, nullptr);
  }
  ResourceStore& store() { return *store_; }

  Factory factory_;
  std::unique_ptr<ResourceStore> store_;
};

MATCHER(StoreOk, "is ok") {
  if (arg.ok()) return true;
  *result_listener << "error kind " << static_cast<int>(arg.error().kind) << ": "
                   << arg.error().message;
  return false;
}

MATCHER_P(StoreFails, kind, "fails with the given kind") {
  if (arg.ok()) {
    *result_listener << "is ok";
    return false;
  }
  *result_listener << "error kind " << static_cast<int>(arg.error().kind) << ": "
                   << arg.error().message;
  return arg.error().kind == kind;
}

inline ResourceWrite write_of(std::string type, std::string id, IndexValues index = {},
                              std::optional<std::int64_t> expected = std::nullopt,
                              nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json resource = {{"resourceType", type}, {"id", id}};
  for (auto& [key, value] : extra.items()) resource[key] = value;
  return ResourceWrite{std::move(type), std::move(id), std::move(resource), expected,
                       std::move(index)};
}

inline StoreResult<WriteOutcome> put(ResourceStore& store, ResourceWrite write) {
  auto transaction = store.begin();
  transaction->put(std::move(write));
  auto committed = transaction->commit();
  if (!committed) return std::move(committed).take_error();
  return committed->front();
}

inline StoreResult<WriteOutcome> remove(ResourceStore& store, std::string type, std::string id,
                                        std::optional<std::int64_t> expected = std::nullopt) {
  auto transaction = store.begin();
  transaction->remove(std::move(type), std::move(id), expected);
  auto committed = transaction->commit();
  if (!committed) return std::move(committed).take_error();
  return committed->front();
}

inline StoreResult<WriteOutcome> expunge(ResourceStore& store, std::string type, std::string id) {
  auto transaction = store.begin();
  transaction->expunge(std::move(type), std::move(id));
  auto committed = transaction->commit();
  if (!committed) return std::move(committed).take_error();
  return committed->front();
}

inline std::vector<std::string> ids_of(const std::vector<StoredVersion>& versions) {
  std::vector<std::string> ids;
  for (const auto& version : versions) ids.push_back(version.id);
  return ids;
}

inline Clause clause(std::string param, std::vector<MatchValue> any_of, bool negate = false) {
  Clause out;
  out.param = std::move(param);
  out.any_of = std::move(any_of);
  out.negate = negate;
  return out;
}

inline SearchQuery query_of(std::string type, std::vector<Clause> clauses = {}) {
  SearchQuery query;
  query.type = std::move(type);
  query.clauses = std::move(clauses);
  query.count = 100;
  return query;
}

// The ids of every match of `query`, all pages followed.
inline std::vector<std::string> search_ids(ResourceStore& store, SearchQuery query) {
  std::vector<std::string> ids;
  for (int page = 0; page < 1000; ++page) {
    auto result = store.search(query);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    if (!result) return ids;
    for (const auto& match : result->matches) ids.push_back(match.id);
    if (!result->next) break;
    query.cursor = result->next;
  }
  return ids;
}

inline IndexValues with_tokens(std::vector<TokenIndex> tokens) {
  IndexValues index;
  index.tokens = std::move(tokens);
  return index;
}

}  // namespace gateway::storage::contract
