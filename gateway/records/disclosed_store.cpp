// The disclosure-limited store view (see disclosed_store.hpp).
#include "records/disclosed_store.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "fhir/json.hpp"
#include "privacy/confidentiality.hpp"
#include "privacy/protected_types.hpp"

namespace gateway::records {
namespace {

using fhir::Disclosure;
using storage::StoredVersion;
using storage::StoreResult;

// True when `clause` matches through a chain or _has that reaches a protected type.
bool reaches_protected_type(const storage::Clause& clause) {
  return std::any_of(clause.any_of.begin(), clause.any_of.end(), [](const auto& value) {
    if (const auto* chain = std::get_if<storage::ChainMatch>(&value)) {
      return privacy::is_protected_type(chain->target_type) ||
             (chain->inner && reaches_protected_type(*chain->inner));
    }
    if (const auto* has = std::get_if<storage::HasMatch>(&value)) {
      return privacy::is_protected_type(has->source_type) ||
             (has->inner && reaches_protected_type(*has->inner));
    }
    return false;
  });
}

class DisclosedStore final : public storage::ResourceStore {
 public:
  DisclosedStore(std::unique_ptr<storage::ResourceStore> inner,
                 std::shared_ptr<Disclosure> disclosure)
      : inner_(std::move(inner)), disclosure_(std::move(disclosure)) {}

  StoreResult<StoredVersion> read(const std::string& type, const std::string& id) override {
    if (restricted(type)) return refused(type, id);
    auto found = inner_->read(type, id);
    if (found && withheld(*found)) return refused(type, id);
    return found;
  }

  StoreResult<StoredVersion> vread(const std::string& type, const std::string& id,
                                   std::int64_t version) override {
    if (restricted(type)) return refused(type, id);
    auto found = inner_->vread(type, id, version);
    if (found && withheld(*found)) return refused(type, id);
    return found;
  }

  StoreResult<storage::SearchPage> search(const storage::SearchQuery& query) override {
    // A chain or _has into documents or critical information would tell from the matches
    // whether a withheld resource exists: such searches are refused, not filtered.
    if (std::any_of(query.clauses.begin(), query.clauses.end(), reaches_protected_type)) {
      return storage::store_error(storage::StoreErrorKind::withheld,
                                  query.type +
                                      " search through a chain or _has into "
                                      "documents or critical information");
    }
    if (restricted(query.type)) {
      storage::SearchPage empty;
      if (query.total != storage::TotalMode::none) empty.total = 0;
      return empty;
    }
    storage::SearchQuery limited = query;
    exclude(limited);
    if (!query.cursor && query.count > 0) {  // the first page counts what the query left out
      auto all = count(query);
      if (!all) return all.error();
      auto left = count(limited);
      if (!left) return left.error();
      disclosure_->withheld += std::max<std::int64_t>(0, *all - *left);
    }
    auto page = inner_->search(limited);
    if (!page) return page;
    drop_withheld(page->matches);
    drop_withheld(page->included);
    return page;
  }

  StoreResult<storage::HistoryPage> history(const storage::HistoryQuery& query) override {
    if (!query.type.empty() && restricted(query.type)) return storage::HistoryPage{};
    auto page = inner_->history(query);
    if (page) drop_withheld(page->versions);
    return page;
  }

  std::unique_ptr<storage::Transaction> begin() override { return inner_->begin(); }
  storage::StoreStatus check() override { return inner_->check(); }

 private:
  // A reservation or block covers every resource of a protected type.
  bool restricted(const std::string& type) const {
    return disclosure_->restriction != Disclosure::Restriction::none &&
           privacy::is_protected_type(type);
  }

  bool blocked(const std::string& type, const std::string& id) const {
    const std::string key = type + "/" + id;
    return std::find(disclosure_->blocked.begin(), disclosure_->blocked.end(), key) !=
           disclosure_->blocked.end();
  }

  bool withheld(const StoredVersion& version) const {
    if (restricted(version.type) || blocked(version.type, version.id)) return true;
    // Both meta.security and securityLabel contain this text: most resources skip parsing.
    if (version.deleted || version.json.find("\"security") == std::string::npos) return false;
    const auto resource = fhir::Json::parse(version.json, nullptr, false);
    return privacy::carries_label(resource, disclosure_->withheld_labels);
  }

  storage::StoreError refused(const std::string& type, const std::string& id) const {
    ++disclosure_->withheld;
    return storage::store_error(storage::StoreErrorKind::withheld,
                                type + "/" + id + " is withheld from this caller");
  }

  void drop_withheld(std::vector<StoredVersion>& versions) const {
    const auto kept = std::remove_if(versions.begin(), versions.end(),
                                     [&](const StoredVersion& v) { return withheld(v); });
    disclosure_->withheld += versions.end() - kept;
    versions.erase(kept, versions.end());
  }

  // Negated clauses: no withheld label, not one of the blocked resources of this type.
  void exclude(storage::SearchQuery& query) const {
    storage::Clause labels{"_security", {}, true, std::nullopt};
    for (const auto& label : disclosure_->withheld_labels) {
      labels.any_of.emplace_back(storage::TokenMatch{label.system, label.code, ""});
    }
    if (!labels.any_of.empty()) {
      if (query.type == "DocumentReference") {
        storage::Clause document_labels = labels;
        document_labels.param = "security-label";
        query.clauses.push_back(std::move(document_labels));
      }
      query.clauses.push_back(std::move(labels));
    }
    storage::Clause ids{"_id", {}, true, std::nullopt};
    const std::string prefix = query.type + "/";
    for (const auto& key : disclosure_->blocked) {
      if (key.starts_with(prefix)) {
        ids.any_of.emplace_back(storage::TokenMatch{std::nullopt, key.substr(prefix.size()), ""});
      }
    }
    if (!ids.any_of.empty()) query.clauses.push_back(std::move(ids));
  }

  StoreResult<std::int64_t> count(storage::SearchQuery query) const {
    query.count = 0;
    query.total = storage::TotalMode::accurate;
    query.includes.clear();
    query.single_page = true;
    auto page = inner_->search(query);
    if (!page) return page.error();
    return page->total.value_or(0);
  }

  std::unique_ptr<storage::ResourceStore> inner_;
  std::shared_ptr<Disclosure> disclosure_;
};

}  // namespace

std::unique_ptr<storage::ResourceStore> disclosed_store(
    std::unique_ptr<storage::ResourceStore> inner, std::shared_ptr<Disclosure> disclosure) {
  if (!disclosure) return inner;
  return std::make_unique<DisclosedStore>(std::move(inner), std::move(disclosure));
}

}  // namespace gateway::records
