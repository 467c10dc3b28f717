// The compartment-scoped store view and its transaction. Reads need one of a version's
// compartments in scope (a resource is in each compartment it names); writes need all of
// them, of the new content and of the version it replaces, so a caller can neither write
// into nor take over another patient's record.
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

bool contains(const Keys& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool any_in_scope(const Keys& scope, const Keys& compartments) {
  return std::any_of(compartments.begin(), compartments.end(),
                     [&](const std::string& key) { return contains(scope, key); });
}

bool all_in_scope(const Keys& scope, const Keys& compartments) {
  return !compartments.empty() &&
         std::all_of(compartments.begin(), compartments.end(),
                     [&](const std::string& key) { return contains(scope, key); });
}

void restrict(std::optional<Keys>& compartments, const Keys& allowed) {
  if (!compartments) {
    compartments = allowed;
    return;
  }
  Keys both;
  for (const auto& key : *compartments) {
    if (contains(allowed, key)) both.push_back(key);
  }
  compartments = std::move(both);
}

storage::StoreError hidden(const std::string& type, const std::string& id) {
  return storage::store_error(StoreErrorKind::not_found,
                              type + "/" + id + " is outside the caller's compartments");
}

storage::StoreError outside(const std::string& type, const std::string& id) {
  return storage::store_error(StoreErrorKind::forbidden,
                              type + "/" + id + " would name compartments outside the caller's");
}

// The compartments of a deleted resource: its deletion version carries those of the content
// it removed.
StoreResult<Keys> deleted_compartments(storage::ResourceStore& store, const std::string& type,
                                       const std::string& id, std::int64_t deletion) {
  auto found = store.vread(type, id, deletion);
  if (!found) return found.error();
  return found->compartments;
}

// Operations are checked at commit, all together. A Patient the transaction creates with
// an attested identifier brings its own compartment into scope for the other operations,
// so a transaction Bundle can create a patient together with their data; an existing
// Patient never widens the scope.
class ScopedTransaction final : public storage::Transaction {
 public:
  ScopedTransaction(storage::ResourceStore& store, Keys allowed)
      : store_(store), allowed_(std::move(allowed)) {}

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
    for (auto& op : operations_) {
      if (creates_attested_patient(op)) {
        op.write.expected_version = 0;  // a create only: an existing Patient is refused
        scope.push_back(storage::compartment_key(op.write.id));
      }
    }
    auto inner = store_.begin();
    for (auto& op : operations_) {
      auto& w = op.write;
      switch (op.kind) {
        case Kind::put:
          if (!all_in_scope(scope, w.index.compartments)) return outside(w.type, w.id);
          if (auto admitted = admit(scope, w.type, w.id, w.expected_version); !admitted) {
            return admitted.error();
          }
          inner->put(std::move(w));
          break;
        case Kind::remove:
          if (auto admitted = admit(scope, w.type, w.id, w.expected_version); !admitted) {
            return admitted.error();
          }
          inner->remove(std::move(w.type), std::move(w.id), w.expected_version);
          break;
        case Kind::put_if_none_exist:
          if (!all_in_scope(scope, w.index.compartments)) return outside(w.type, w.id);
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

  // A new Patient (not an update) whose identifiers include one the caller is attested for.
  bool creates_attested_patient(const Operation& op) const {
    if (op.kind != Kind::put && op.kind != Kind::put_if_none_exist) return false;
    if (op.write.type != "Patient") return false;
    if (op.write.expected_version && *op.write.expected_version != 0) return false;
    return std::any_of(op.write.index.compartments.begin(), op.write.index.compartments.end(),
                       [&](const std::string& key) {
                         return key.rfind("identifier:", 0) == 0 && contains(allowed_, key);
                       });
  }

  // The version a write replaces must be wholly in scope; one outside is answered as if it
  // did not exist. The state checked becomes the expected one, so nothing can slip in
  // between check and commit. Store failures refuse (fail closed).
  StoreStatus admit(const Keys& scope, const std::string& type, const std::string& id,
                    std::optional<std::int64_t>& expected) {
    auto current = store_.read(type, id);
    if (current) {
      if (!all_in_scope(scope, current->compartments)) return hidden(type, id);
      if (!expected) expected = current->version;
      return {};
    }
    const auto& error = current.error();
    if (error.kind == StoreErrorKind::not_found) {
      if (!expected) expected = 0;
      return {};
    }
    if (error.kind == StoreErrorKind::deleted) {
      auto before = deleted_compartments(store_, type, id, error.current_version);
      if (!before) return before.error();
      if (!before->empty() && !all_in_scope(scope, *before)) return hidden(type, id);
      if (!expected) expected = error.current_version;
      return {};
    }
    return error;
  }

  storage::ResourceStore& store_;
  Keys allowed_;
  std::vector<Operation> operations_;
};

class ScopedStore final : public storage::ResourceStore {
 public:
  ScopedStore(storage::ResourceStore& store, Keys allowed)
      : store_(store), allowed_(std::move(allowed)) {}

  StoreResult<StoredVersion> read(const std::string& type, const std::string& id) override {
    auto found = store_.read(type, id);
    if (found) {
      if (!any_in_scope(allowed_, found->compartments)) return hidden(type, id);
      return found;
    }
    if (found.error().kind == StoreErrorKind::deleted) {
      auto before = deleted_compartments(store_, type, id, found.error().current_version);
      if (!before) return before.error();
      if (!any_in_scope(allowed_, *before)) return hidden(type, id);
    }
    return found;
  }

  StoreResult<StoredVersion> vread(const std::string& type, const std::string& id,
                                   std::int64_t version) override {
    auto found = store_.vread(type, id, version);
    if (!found) return found;
    if (!any_in_scope(allowed_, found->compartments)) return hidden(type, id);
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
