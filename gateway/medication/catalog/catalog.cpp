// Building the per-type tables and indexes of the immutable catalog.
#include "medication/catalog/catalog.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <thread>
#include <tuple>

#include "fhir/name_folding.hpp"
#include "medication/index/search_parameters.hpp"
#include "medication/index/timestamps.hpp"

namespace gateway::medication {
namespace {

std::string epoch_sort_key(std::int64_t epoch) {
  char buf[24];
  // Offset so that every key is a non-negative fixed-width decimal.
  std::snprintf(buf, sizeof buf, "%020llu",
                static_cast<unsigned long long>(epoch) + 9223372036854775808ULL);
  return buf;
}

SortOrder make_order(const std::vector<StoredResource>& resources,
                     std::vector<std::string> key_of) {
  SortOrder order{std::move(key_of), {}};
  order.ordinals.resize(resources.size());
  for (std::uint32_t i = 0; i < resources.size(); ++i) order.ordinals[i] = i;
  // Ordinals are in id order already, so a stable sort on the key breaks ties by id.
  std::stable_sort(
      order.ordinals.begin(), order.ordinals.end(),
      [&](std::uint32_t a, std::uint32_t b) { return order.key_of[a] < order.key_of[b]; });
  return order;
}

void index_param(const SearchParamSpec& spec, std::size_t p, const std::vector<StoredResource>& rs,
                 ParamIndex& index) {
  for (std::uint32_t ordinal = 0; ordinal < rs.size(); ++ordinal) {
    for (const std::string& key : rs[ordinal].resource.keys[p]) {
      switch (spec.type) {
        case ParamType::token: {
          auto [system, code] = split_token_key(key);
          index.tokens.push_back({code, system, ordinal});
          break;
        }
        case ParamType::string:
          index.strings.push_back({fhir::fold_name(key), key, ordinal});
          break;
        case ParamType::reference: {
          auto& list = index.references[key];
          if (list.empty() || list.back() != ordinal) list.push_back(ordinal);
          break;
        }
        case ParamType::date: {
          std::int64_t epoch = 0;
          std::from_chars(key.data(), key.data() + key.size(), epoch);
          index.dates.push_back({epoch, ordinal});
          break;
        }
      }
    }
  }
  std::sort(index.tokens.begin(), index.tokens.end(), [](const auto& a, const auto& b) {
    return std::tie(a.code, a.system, a.ordinal) < std::tie(b.code, b.system, b.ordinal);
  });
  std::sort(index.strings.begin(), index.strings.end(), [](const auto& a, const auto& b) {
    return std::tie(a.folded, a.ordinal) < std::tie(b.folded, b.ordinal);
  });
  std::sort(index.dates.begin(), index.dates.end(), [](const auto& a, const auto& b) {
    return std::tie(a.epoch, a.ordinal) < std::tie(b.epoch, b.ordinal);
  });
}

void build_table(ResourceType type, std::vector<IndexedResource> list, TypeTable& table,
                 std::vector<std::string>* warnings) {
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.id < b.id; });
  const int name_param = find_search_param(type, "name");
  table.resources.reserve(list.size());
  for (auto& r : list) {
    if (!table.resources.empty() && table.resources.back().resource.id == r.id) {
      if (warnings) warnings->push_back("duplicate " + std::string(type_name(type)) + "/" + r.id);
      continue;
    }
    StoredResource stored;
    stored.etag = "W/\"" + r.version_id + "\"";
    stored.last_modified = http_date(r.last_updated_epoch);
    if (name_param >= 0 && !r.keys[name_param].empty()) {
      stored.name_key = fhir::fold_name(r.keys[name_param].front());
    }
    stored.resource = std::move(r);
    table.resources.push_back(std::move(stored));
  }
  table.by_id.reserve(table.resources.size());
  for (std::uint32_t i = 0; i < table.resources.size(); ++i) {
    table.by_id.emplace(table.resources[i].resource.id, i);
  }
  auto params = search_params(type);
  table.params.resize(params.size());
  for (std::size_t p = 0; p < params.size(); ++p) {
    index_param(params[p], p, table.resources, table.params[p]);
  }
  std::vector<std::string> names, updated;
  names.reserve(table.resources.size());
  updated.reserve(table.resources.size());
  for (const auto& r : table.resources) {
    names.push_back(r.name_key);
    updated.push_back(epoch_sort_key(r.resource.last_updated_epoch));
  }
  table.by_name = make_order(table.resources, std::move(names));
  table.by_last_updated = make_order(table.resources, std::move(updated));
}

}  // namespace

std::shared_ptr<const Catalog> Catalog::build(std::vector<IndexedResource> resources,
                                              CatalogInfo info,
                                              std::vector<std::string>* warnings) {
  std::array<std::vector<IndexedResource>, kResourceTypeCount> by_type;
  for (auto& r : resources) by_type[type_index(r.type)].push_back(std::move(r));
  std::shared_ptr<Catalog> catalog(new Catalog());
  catalog->info_ = std::move(info);
  // The tables are independent: build them on two threads, the larger types split evenly.
  std::array<std::vector<std::string>, kResourceTypeCount> table_warnings;
  auto build = [&](ResourceType type) {
    build_table(type, std::move(by_type[type_index(type)]), catalog->tables_[type_index(type)],
                &table_warnings[type_index(type)]);
  };
  std::thread helper([&] {
    for (ResourceType type :
         {ResourceType::packaged_product_definition, ResourceType::manufactured_item_definition,
          ResourceType::regulated_authorization, ResourceType::clinical_use_definition}) {
      build(type);
    }
  });
  for (ResourceType type :
       {ResourceType::medicinal_product_definition, ResourceType::ingredient,
        ResourceType::substance_definition, ResourceType::administrable_product_definition}) {
    build(type);
  }
  helper.join();
  if (warnings) {
    for (auto& list : table_warnings) warnings->insert(warnings->end(), list.begin(), list.end());
  }
  return catalog;
}

const StoredResource* Catalog::find(ResourceType type, std::string_view id) const {
  const TypeTable& t = table(type);
  auto it = t.by_id.find(id);
  return it == t.by_id.end() ? nullptr : &t.resources[it->second];
}

std::size_t Catalog::total_size() const {
  std::size_t n = 0;
  for (const auto& t : tables_) n += t.resources.size();
  return n;
}

}  // namespace gateway::medication
