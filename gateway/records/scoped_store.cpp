// The compartment-scoped store view and its transaction.
#include "records/scoped_store.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace gateway::records {
namespace {

using storage::StoredVersion;
using storage::StoreErrorKind;
using storage::StoreResult;

using Keys = std::vector<std::string>;

bool in_scope(const Keys& allowed, const std::vector<std::string>& compartments) {
  return std::any_of(compartments.begin(), compartments.end(), [&](const std::string& key) {
    return std::find(allowed.begin(), allowed.end(), key) != allowed.end();
  });
}

void restrict(std::optional<Keys>& compartments, const Keys& allowed) {
  if (!compartments) {
    compartments = allowed;
    return;
  }
  Keys both;
  for (const auto& key : *compartments) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) both.push_back(key);
  }
  compartments = std::move(both);
}

storage::StoreError hidden(const std::string& type, const std::string& id) {
  return storage::store_error(StoreErrorKind::not_found,
                              type + "/" + id + " is outside the caller's compartments");
}

// The compartments a resource had before `version` (a deletion keeps none of its own).
StoreResult<StoredVersion> last_content(storage::ResourceStore& store, const std::string& type,
                                        const std::string& id, std::int64_t version) {
  for (std::int64_t v = version - 1; v >= 1; --v) {
    auto found = store.vread(type, id, v);
    if (!found) return found;
    if (!found->deleted) return found;
  }
  return storage::store_error(StoreErrorKind::not_found, "no content version");
}

class ScopedTransaction final : public storage::Transaction {
 public:
  ScopedTransaction(storage::ResourceStore& store, const Keys& allowed)
      : store_(store), allowed_(allowed), inner_(store.begin()) {}

  void put(storage::ResourceWrite write) override {
    if (!admit_write(write.type, write.id, write.expected_version, write.index.compartments)) {
      return;
    }
    inner_->put(std::move(write));
  }

  void remove(std::string type, std::string id,
              std::optional<std::int64_t> expected_version) override {
    if (!admit_write(type, id, expected_version, allowed_)) return;
    inner_->remove(std::move(type), std::move(id), expected_version);
  }

  void put_if_none_exist(storage::SearchQuery condition, storage::ResourceWrite write) override {
    if (!in_scope(allowed_, write.index.compartments)) {
      refuse(write.type, write.id);
      return;
    }
    restrict(condition.compartments, allowed_);
    inner_->put_if_none_exist(std::move(condition), std::move(write));
  }

  void expunge(std::string type, std::string id) override { refuse(type, id); }

  StoreResult<std::vector<storage::WriteOutcome>> commit() override {
    if (refused_) return *refused_;
    return inner_->commit();
  }

 private:
  // The new content must be in scope, and so must the version it replaces. The version
  // checked becomes the expected one, so nothing can slip in between check and commit.
  bool admit_write(const std::string& type, const std::string& id,
                   std::optional<std::int64_t>& expected,
                   const std::vector<std::string>& new_compartments) {
    if (refused_) return false;
    if (!in_scope(allowed_, new_compartments)) return refuse(type, id);
    auto current = store_.read(type, id);
    if (current) {
      if (!in_scope(allowed_, current->compartments)) return refuse(type, id);
      if (!expected) expected = current->version;
      return true;
    }
    const auto& error = current.error();
    if (error.kind == StoreErrorKind::not_found) {
      if (!expected) expected = 0;
      return true;
    }
    if (error.kind == StoreErrorKind::deleted) {
      auto before = last_content(store_, type, id, error.current_version);
      if (before && !in_scope(allowed_, before->compartments)) return refuse(type, id);
      if (!expected) expected = error.current_version;
      return true;
    }
    refused_ = error;
    return false;
  }

  bool refuse(const std::string& type, const std::string& id) {
    refused_ = storage::store_error(StoreErrorKind::forbidden,
                                    type + "/" + id + " is outside the caller's compartments");
    return false;
  }

  storage::ResourceStore& store_;
  const Keys& allowed_;
  std::unique_ptr<storage::Transaction> inner_;
  std::optional<storage::StoreError> refused_;
};

class ScopedStore final : public storage::ResourceStore {
 public:
  ScopedStore(storage::ResourceStore& store, Keys allowed)
      : store_(store), allowed_(std::move(allowed)) {}

  StoreResult<StoredVersion> read(const std::string& type, const std::string& id) override {
    auto found = store_.read(type, id);
    if (found) {
      if (!in_scope(allowed_, found->compartments)) return hidden(type, id);
      return found;
    }
    if (found.error().kind == StoreErrorKind::deleted) {
      auto before = last_content(store_, type, id, found.error().current_version);
      if (!before || !in_scope(allowed_, before->compartments)) return hidden(type, id);
    }
    return found;
  }

  StoreResult<StoredVersion> vread(const std::string& type, const std::string& id,
                                   std::int64_t version) override {
    auto found = store_.vread(type, id, version);
    if (!found) return found;
    const StoredVersion* content = &*found;
    StoreResult<StoredVersion> before = storage::store_error(StoreErrorKind::not_found, "");
    if (found->deleted) {
      before = last_content(store_, type, id, version);
      if (!before) return hidden(type, id);
      content = &*before;
    }
    if (!in_scope(allowed_, content->compartments)) return hidden(type, id);
    return found;
  }

  StoreResult<storage::SearchPage> search(const storage::SearchQuery& query) override {
    storage::SearchQuery scoped = query;
    restrict(scoped.compartments, allowed_);
    return store_.search(scoped);
  }

  StoreResult<storage::HistoryPage> history(const storage::HistoryQuery& query) override {
    storage::HistoryQuery scoped = query;
    restrict(scoped.compartments, allowed_);
    return store_.history(scoped);
  }

  std::unique_ptr<storage::Transaction> begin() override {
    return std::make_unique<ScopedTransaction>(store_, allowed_);
  }

  storage::StoreStatus check() override { return store_.check(); }

 private:
  storage::ResourceStore& store_;
  Keys allowed_;
};

// The unrestricted view: forwards everything.
class WholeStore final : public storage::ResourceStore {
 public:
  explicit WholeStore(storage::ResourceStore& store) : store_(store) {}
  StoreResult<StoredVersion> read(const std::string& type, const std::string& id) override {
    return store_.read(type, id);
  }
  StoreResult<StoredVersion> vread(const std::string& type, const std::string& id,
                                   std::int64_t version) override {
    return store_.vread(type, id, version);
  }
  StoreResult<storage::SearchPage> search(const storage::SearchQuery& query) override {
    return store_.search(query);
  }
  StoreResult<storage::HistoryPage> history(const storage::HistoryQuery& query) override {
    return store_.history(query);
  }
  std::unique_ptr<storage::Transaction> begin() override { return store_.begin(); }
  storage::StoreStatus check() override { return store_.check(); }

 private:
  storage::ResourceStore& store_;
};

}  // namespace

std::unique_ptr<storage::ResourceStore> scoped_store(storage::ResourceStore& store,
                                                     fhir::RequestContext::CompartmentScope scope) {
  if (scope.unrestricted) return std::make_unique<WholeStore>(store);
  return std::make_unique<ScopedStore>(store, std::move(scope.keys));
}

}  // namespace gateway::records
