// The patient-data store as the modules see it from their creation on: a ResourceStore that
// forwards to the store the application opens in start() (SQLite in data_dir, or
// PostgreSQL), and answers unavailable before that. Lets `--routes` and settings checks run
// without opening a database.
#pragma once

#include <memory>

#include "storage/resource_store.hpp"

namespace gateway::app {

class StoreSlot final : public storage::ResourceStore {
 public:
  // Once, before the server serves (no request can race with it).
  void attach(std::unique_ptr<storage::ResourceStore> store) { store_ = std::move(store); }
  storage::ResourceStore* attached() const { return store_.get(); }

  storage::StoreResult<storage::StoredVersion> read(const std::string& type,
                                                    const std::string& id) override;
  storage::StoreResult<storage::StoredVersion> vread(const std::string& type, const std::string& id,
                                                     std::int64_t version) override;
  storage::StoreResult<storage::SearchPage> search(const storage::SearchQuery& query) override;
  storage::StoreResult<storage::HistoryPage> history(const storage::HistoryQuery& query) override;
  std::unique_ptr<storage::Transaction> begin() override;
  storage::StoreStatus check() override;

 private:
  std::unique_ptr<storage::ResourceStore> store_;
};

}  // namespace gateway::app
