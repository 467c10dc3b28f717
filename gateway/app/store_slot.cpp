// Forwarding to the attached store; unavailable before it is attached.
#include "app/store_slot.hpp"

namespace gateway::app {
namespace {

storage::StoreError not_open() {
  return storage::store_error(storage::StoreErrorKind::unavailable, "the store is not open yet");
}

// A transaction before the store is open: collects nothing, commits to unavailable.
class ClosedTransaction final : public storage::Transaction {
 public:
  void put(storage::ResourceWrite) override {}
  void remove(std::string, std::string, std::optional<std::int64_t>) override {}
  void put_if_none_exist(storage::SearchQuery, storage::ResourceWrite) override {}
  void expunge(std::string, std::string) override {}
  storage::StoreResult<std::vector<storage::WriteOutcome>> commit() override { return not_open(); }
};

}  // namespace

storage::StoreResult<storage::StoredVersion> StoreSlot::read(const std::string& type,
                                                             const std::string& id) {
  if (!store_) return not_open();
  return store_->read(type, id);
}

storage::StoreResult<storage::StoredVersion> StoreSlot::vread(const std::string& type,
                                                              const std::string& id,
                                                              std::int64_t version) {
  if (!store_) return not_open();
  return store_->vread(type, id, version);
}

storage::StoreResult<storage::SearchPage> StoreSlot::search(const storage::SearchQuery& query) {
  if (!store_) return not_open();
  return store_->search(query);
}

storage::StoreResult<storage::HistoryPage> StoreSlot::history(const storage::HistoryQuery& query) {
  if (!store_) return not_open();
  return store_->history(query);
}

std::unique_ptr<storage::Transaction> StoreSlot::begin() {
  if (!store_) return std::make_unique<ClosedTransaction>();
  return store_->begin();
}

storage::StoreStatus StoreSlot::check() {
  if (!store_) return not_open();
  return store_->check();
}

}  // namespace gateway::app
