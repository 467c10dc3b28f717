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
using storage::StoreStatus;

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

// Operations are checked at commit, all together: a Patient the transaction writes in scope
// (by an attested identifier) brings its own compartment into scope for the other
// operations, so a transaction Bundle can create a patient with their data.
class ScopedTransaction final : public storage::Transaction {
 public:
  ScopedTransaction(storage::ResourceStore& store, const Keys& allowed)
      : store_(store), allowed_(allowed) {}

  void put(storage::ResourceWrite write) override {
    operations_.push_back({Kind::put, std::move(write), {}});
  }

  void remove(std::string type, std::string id,
              std::optional<std::int64_t> expected_version) override {
    storage::ResourceWrite target;
    target.type = std::move(type);
    target.id = std::move(id);
    target.expected_version = expected_version;
    operations_.push_back({Kind::remove, std::move(target), {}});
  }

  void put_if_none_exist(storage::SearchQuery condition, storage::ResourceWrite write) override {
    operations_.push_back({Kind::put_if_none_exist, std::move(write), std::move(condition)});
  }

  void expunge(std::string type, std::string id) override {
    storage::ResourceWrite target;
    target.type = std::move(type);
    target.id = std::move(id);
    operations_.push_back({Kind::expunge, std::move(target), {}});
  }

  StoreResult<std::vector<storage::WriteOutcome>> commit() override {
    Keys scope = allowed_;
    for (const auto& op : operations_) {
      if (op.kind != Kind::remove && op.kind != Kind::expunge && op.write.type == "Patient" &&
          in_scope(allowed_, op.write.index.compartments)) {
        scope.push_back(storage::compartment_key(op.write.id));
      }
    }
    auto inner = store_.begin();
    for (auto& op : operations_) {
      auto& w = op.write;
      switch (op.kind) {
        case Kind::put:
          if (auto admitted = admit(scope, w.type, w.id, w.expected_version, w.index.compartments);
              !admitted) {
            return admitted.error();
          }
          inner->put(std::move(w));
          break;
        case Kind::remove:
          if (auto admitted = admit(scope, w.type, w.id, w.expected_version, scope); !admitted) {
            return admitted.error();
          }
          inner->remove(std::move(w.type), std::move(w.id), w.expected_version);
          break;
        case Kind::put_if_none_exist:
          if (!in_scope(scope, w.index.compartments)) return outside(w.type, w.id);
          restrict(op.condition.compartments, scope);
          inner->put_if_none_exist(std::move(op.condition), std::move(w));
          break;
        case Kind::expunge:
          return outside(w.type, w.id);
      }
    }
    return inner->commit();
  }

 private:
  enum class Kind { put, remove, put_if_none_exist, expunge };
  struct Operation {
    Kind kind;
    storage::ResourceWrite write;
    storage::SearchQuery condition;
  };

  static storage::StoreError outside(const std::string& type, const std::string& id) {
    return storage::store_error(StoreErrorKind::forbidden,
                                type + "/" + id + " is outside the caller's compartments");
  }

  // The new content must be in scope, and so must the version it replaces. The version
  // checked becomes the expected one, so nothing can slip in between check and commit.
  StoreStatus admit(const Keys& scope, const std::string& type, const std::string& id,
                    std::optional<std::int64_t>& expected,
                    const std::vector<std::string>& new_compartments) {
    if (!in_scope(scope, new_compartments)) return outside(type, id);
    auto current = store_.read(type, id);
    if (current) {
      if (!in_scope(scope, current->compartments)) return outside(type, id);
      if (!expected) expected = current->version;
      return {};
    }
    const auto& error = current.error();
    if (error.kind == StoreErrorKind::not_found) {
      if (!expected) expected = 0;
      return {};
    }
    if (error.kind == StoreErrorKind::deleted) {
      auto before = last_content(store_, type, id, error.current_version);
      if (before && !in_scope(scope, before->compartments)) return outside(type, id);
      if (!expected) expected = error.current_version;
      return {};
    }
    return error;
  }

  storage::ResourceStore& store_;
  const Keys& allowed_;
  std::vector<Operation> operations_;
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
