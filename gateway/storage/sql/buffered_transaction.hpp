// A Transaction that buffers its operations and hands them, on commit, to an adapter's
// function that applies them atomically; dropping it uncommitted discards them (the adapters
// share it, so both behave alike).
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "storage/resource_store.hpp"
#include "storage/sql/write_operations.hpp"

namespace gateway::storage::sql {

class BufferedTransaction final : public Transaction {
 public:
  using Apply = std::function<StoreResult<std::vector<WriteOutcome>>(std::vector<WriteOperation>)>;
  explicit BufferedTransaction(Apply apply) : apply_(std::move(apply)) {}

  void put(ResourceWrite write) override {
    operations_.emplace_back(PutOperation{std::move(write)});
  }
  void remove(std::string type, std::string id,
              std::optional<std::int64_t> expected_version) override {
    operations_.emplace_back(RemoveOperation{std::move(type), std::move(id), expected_version});
  }
  void put_if_none_exist(SearchQuery condition, ResourceWrite write) override {
    operations_.emplace_back(ConditionalPutOperation{std::move(condition), std::move(write)});
  }
  void expunge(std::string type, std::string id) override {
    operations_.emplace_back(ExpungeOperation{std::move(type), std::move(id)});
  }
  StoreResult<std::vector<WriteOutcome>> commit() override {
    if (committed_) return store_error(StoreErrorKind::invalid, "the transaction was committed");
    committed_ = true;
    if (operations_.empty()) return std::vector<WriteOutcome>{};
    return apply_(std::move(operations_));
  }

 private:
  Apply apply_;
  std::vector<WriteOperation> operations_;
  bool committed_ = false;
};

}  // namespace gateway::storage::sql
