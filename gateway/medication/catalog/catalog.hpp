// The immutable medication catalog: every resource pre-serialised, with the indexes search
// needs. Built once per FEST import (or snapshot load) and shared read-only by all requests.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "medication/index/indexed_resource.hpp"
#include "medication/index/resource_types.hpp"

namespace gateway::medication {

// Where a catalog came from.
struct CatalogInfo {
  std::string source;       // file path, "snapshot:<path>" or a test label
  std::string hentet_dato;  // FEST HentetDato
  std::int64_t source_size = 0;
  std::int64_t source_mtime = 0;  // seconds since the epoch
};

struct StoredResource {
  IndexedResource resource;
  std::string etag;           // W/"<versionId>"
  std::string last_modified;  // HTTP date
  std::string name_key;       // folded first value of the "name" parameter ("" when none)
};

// Postings view the keys stored in the resources of the same table (never copied).
struct TokenPosting {
  std::string_view code;
  std::string_view system;
  std::uint32_t ordinal;
};
struct StringPosting {
  std::string folded;
  std::string_view raw;
  std::uint32_t ordinal;
};
struct DatePosting {
  std::int64_t epoch;
  std::uint32_t ordinal;
};

// The index of one search parameter of one type; only the member matching its type is filled.
struct ParamIndex {
  std::vector<TokenPosting> tokens;    // sorted by (code, system, ordinal)
  std::vector<StringPosting> strings;  // sorted by (folded, ordinal)
  std::unordered_map<std::string, std::vector<std::uint32_t>> references;  // "Type/id" -> sorted
  std::vector<DatePosting> dates;  // sorted by (epoch, ordinal)
};

// Ordinals in the order of a sort key; ties broken by id.
struct SortOrder {
  std::vector<std::string> key_of;      // per ordinal
  std::vector<std::uint32_t> ordinals;  // sorted by (key_of, id)
};

struct TypeTable {
  std::vector<StoredResource> resources;  // sorted by id: the ordinal is the position
  std::unordered_map<std::string_view, std::uint32_t> by_id;
  std::vector<ParamIndex> params;  // parallel to search_params(type)
  SortOrder by_name;
  SortOrder by_last_updated;
};

class Catalog {
 public:
  // Duplicate (type, id) pairs keep the first and add a warning.
  static std::shared_ptr<const Catalog> build(std::vector<IndexedResource> resources,
                                              CatalogInfo info,
                                              std::vector<std::string>* warnings = nullptr);

  const TypeTable& table(ResourceType type) const { return tables_[type_index(type)]; }
  const StoredResource* find(ResourceType type, std::string_view id) const;
  std::size_t size(ResourceType type) const { return table(type).resources.size(); }
  std::size_t total_size() const;
  const CatalogInfo& info() const { return info_; }

  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

 private:
  Catalog() = default;
  std::array<TypeTable, kResourceTypeCount> tables_;
  CatalogInfo info_;
};

}  // namespace gateway::medication
