// Index lookups per clause, set intersection, keyset paging over a sort order, includes.
#include "medication/search/execution.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "fhir/name_folding.hpp"
#include "medication/index/search_parameters.hpp"

namespace gateway::medication {
namespace {

using Ordinals = std::vector<std::uint32_t>;

void sort_unique(Ordinals& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

Ordinals intersect(const Ordinals& a, const Ordinals& b) {
  Ordinals out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

void match_token(const ParamIndex& index, const ParamClause& clause, const ParamValue& v,
                 Ordinals& out) {
  const auto& postings = index.tokens;
  auto system_ok = [&](const TokenPosting& p) { return !v.has_system || p.system == v.system; };
  if (v.code.empty()) {  // "system|": any code of the system
    for (const auto& p : postings) {
      if (p.system == v.system) out.push_back(p.ordinal);
    }
    return;
  }
  auto first = std::lower_bound(
      postings.begin(), postings.end(), v.code,
      [](const TokenPosting& p, const std::string& code) { return p.code < code; });
  for (auto it = first; it != postings.end(); ++it) {
    const bool in_range =
        clause.modifier == Modifier::below ? it->code.starts_with(v.code) : it->code == v.code;
    if (!in_range) break;
    if (system_ok(*it)) out.push_back(it->ordinal);
  }
}

void match_string(const ParamIndex& index, const ParamClause& clause, const ParamValue& v,
                  Ordinals& out) {
  const auto& postings = index.strings;
  const std::string folded = fhir::fold_name(v.text);
  if (clause.modifier == Modifier::contains) {
    for (const auto& p : postings) {
      if (p.folded.find(folded) != std::string::npos) out.push_back(p.ordinal);
    }
    return;
  }
  auto first =
      std::lower_bound(postings.begin(), postings.end(), folded,
                       [](const StringPosting& p, const std::string& f) { return p.folded < f; });
  for (auto it = first; it != postings.end() && it->folded.starts_with(folded); ++it) {
    if (clause.modifier == Modifier::exact ? it->raw == v.text : true) out.push_back(it->ordinal);
  }
}

// Accepts "Type/id", a full URL ending in "Type/id", or a bare id (typed by :[type] or the
// parameter's single target).
void match_reference(const ParamIndex& index, const SearchParamSpec& spec,
                     const ParamClause& clause, const ParamValue& v, Ordinals& out) {
  std::vector<std::string> keys;
  std::string_view text = v.text;
  const std::size_t last = text.rfind('/');
  if (last != std::string_view::npos) {
    const std::size_t type_start = text.rfind('/', last - 1);
    const std::string_view type =
        text.substr(type_start == std::string_view::npos ? 0 : type_start + 1,
                    last - (type_start == std::string_view::npos ? 0 : type_start + 1));
    const auto parsed = parse_type_name(type);
    if (parsed && (!clause.type_modifier || *clause.type_modifier == *parsed)) {
      keys.push_back(std::string(type) + "/" + std::string(text.substr(last + 1)));
    }
  } else if (clause.type_modifier) {
    keys.push_back(std::string(type_name(*clause.type_modifier)) + "/" + std::string(text));
  } else {
    for (ResourceType target : spec.targets)
      keys.push_back(std::string(type_name(target)) + "/" + std::string(text));
  }
  for (const auto& key : keys) {
    auto it = index.references.find(key);
    if (it != index.references.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
}

bool date_matches(std::int64_t t, const ParamValue& v) {
  switch (v.prefix) {
    case DatePrefix::eq:
      return t >= v.range.begin && t < v.range.end;
    case DatePrefix::ne:
      return t < v.range.begin || t >= v.range.end;
    case DatePrefix::gt:
    case DatePrefix::sa:
      return t >= v.range.end;
    case DatePrefix::ge:
      return t >= v.range.begin;
    case DatePrefix::lt:
    case DatePrefix::eb:
      return t < v.range.begin;
    case DatePrefix::le:
      return t < v.range.end;
  }
  return false;
}

// The sort key tuple of an ordinal, and the comparison in the query's logical order.
struct OrderView {
  const TypeTable& table;
  const SortOrder* order;  // nullptr for _id
  bool descending;

  std::string_view key(std::uint32_t o) const {
    return order ? std::string_view(order->key_of[o]) : std::string_view();
  }
  std::string_view id(std::uint32_t o) const { return table.resources[o].resource.id; }
  // a before b in the logical order (ties broken by id, in the same direction)
  bool before(std::string_view ka, std::string_view ia, std::string_view kb,
              std::string_view ib) const {
    const int c = ka.compare(kb);
    const bool less = c < 0 || (c == 0 && ia < ib);
    const bool greater = c > 0 || (c == 0 && ia > ib);
    return descending ? greater : less;
  }
};

// Matches in logical order (ascending by (key, id), reversed when descending).
Ordinals ordered_candidates(const OrderView& view, const std::optional<Ordinals>& matched) {
  const std::size_t n = view.table.resources.size();
  Ordinals out;
  if (!view.order) {
    if (matched)
      out = *matched;
    else {
      out.resize(n);
      for (std::uint32_t i = 0; i < n; ++i) out[i] = i;
    }
  } else if (!matched) {
    out = view.order->ordinals;
  } else if (matched->size() * 32 < n) {
    out = *matched;
    std::sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
      const int c = view.key(a).compare(view.key(b));
      return c < 0 || (c == 0 && view.id(a) < view.id(b));
    });
  } else {
    std::vector<char> member(n, 0);
    for (std::uint32_t o : *matched) member[o] = 1;
    out.reserve(matched->size());
    for (std::uint32_t o : view.order->ordinals) {
      if (member[o]) out.push_back(o);
    }
  }
  if (view.descending) std::reverse(out.begin(), out.end());
  return out;
}

Cursor cursor_at(const OrderView& view, SortKey sort, std::uint32_t o, bool before) {
  return Cursor{sort, view.descending, std::string(view.key(o)), std::string(view.id(o)), before};
}

void add_included(ResourceType type, std::uint32_t ordinal,
                  std::set<std::pair<int, std::uint32_t>>& seen, SearchPage& page,
                  std::size_t max_include) {
  if (!seen.insert({static_cast<int>(type_index(type)), ordinal}).second) return;
  if (page.included.size() >= max_include) {
    page.include_truncated = true;
    return;
  }
  page.included.push_back({type, ordinal});
}

void collect_includes(const Catalog& catalog, const SearchQuery& query, SearchPage& page,
                      std::size_t max_include) {
  if (query.includes.empty() && query.revincludes.empty()) return;
  std::set<std::pair<int, std::uint32_t>> seen;
  for (std::uint32_t o : page.matches) seen.insert({static_cast<int>(type_index(query.type)), o});
  const TypeTable& own = catalog.table(query.type);
  for (const IncludeSpec& inc : query.includes) {
    for (std::uint32_t o : page.matches) {
      for (const std::string& ref : own.resources[o].resource.keys[inc.param]) {
        const std::size_t slash = ref.find('/');
        auto target = parse_type_name(std::string_view(ref).substr(0, slash));
        if (!target || (inc.target && *inc.target != *target)) continue;
        const TypeTable& t = catalog.table(*target);
        auto it = t.by_id.find(std::string_view(ref).substr(slash + 1));
        if (it != t.by_id.end()) add_included(*target, it->second, seen, page, max_include);
      }
    }
  }
  for (const IncludeSpec& rev : query.revincludes) {
    const ParamIndex& index = catalog.table(rev.source).params[rev.param];
    const std::string prefix = std::string(type_name(query.type)) + "/";
    for (std::uint32_t o : page.matches) {
      auto it = index.references.find(prefix + own.resources[o].resource.id);
      if (it == index.references.end()) continue;
      for (std::uint32_t source : it->second)
        add_included(rev.source, source, seen, page, max_include);
    }
  }
}

}  // namespace

std::vector<std::uint32_t> match_clause(const TypeTable& table, ResourceType type,
                                        const ParamClause& clause) {
  const SearchParamSpec& spec = search_params(type)[clause.param];
  const ParamIndex& index = table.params[clause.param];
  Ordinals out;
  for (const ParamValue& v : clause.values) {
    switch (spec.type) {
      case ParamType::token:
        match_token(index, clause, v, out);
        break;
      case ParamType::string:
        match_string(index, clause, v, out);
        break;
      case ParamType::reference:
        match_reference(index, spec, clause, v, out);
        break;
      case ParamType::date:
        for (const auto& p : index.dates) {
          if (date_matches(p.epoch, v)) out.push_back(p.ordinal);
        }
        break;
    }
  }
  sort_unique(out);
  return out;
}

SearchPage execute_search(const Catalog& catalog, const SearchQuery& query,
                          std::size_t max_include) {
  const TypeTable& table = catalog.table(query.type);
  std::optional<Ordinals> matched;
  for (const ParamClause& clause : query.clauses) {
    Ordinals hits = match_clause(table, query.type, clause);
    matched = matched ? intersect(*matched, hits) : std::move(hits);
    if (matched->empty()) break;
  }
  const SortOrder* order = query.sort == SortKey::name           ? &table.by_name
                           : query.sort == SortKey::last_updated ? &table.by_last_updated
                                                                 : nullptr;
  const OrderView view{table, order, query.descending};
  const Ordinals candidates = ordered_candidates(view, matched);

  SearchPage page;
  page.total = candidates.size();
  if (query.common.summary == fhir::SummaryMode::count) return page;
  const std::size_t count = query.common.count;
  // Position of the cursor boundary: first candidate not before the boundary row.
  std::size_t boundary = 0;
  bool boundary_row_present = false;
  if (query.cursor) {
    const Cursor& c = *query.cursor;
    auto it = std::partition_point(candidates.begin(), candidates.end(), [&](std::uint32_t o) {
      return view.before(view.key(o), view.id(o), c.key, c.id);
    });
    boundary = static_cast<std::size_t>(it - candidates.begin());
    boundary_row_present = it != candidates.end() && view.key(*it) == c.key && view.id(*it) == c.id;
  }
  std::size_t begin = 0;
  std::size_t end = 0;
  if (query.cursor && query.cursor->before) {
    end = boundary;
    begin = end > count ? end - count : 0;
  } else {
    begin = query.cursor ? boundary + (boundary_row_present ? 1 : 0) : 0;
    end = std::min(candidates.size(), begin + count);
  }
  page.matches.assign(candidates.begin() + static_cast<std::ptrdiff_t>(begin),
                      candidates.begin() + static_cast<std::ptrdiff_t>(end));
  if (!page.matches.empty()) {
    if (end < candidates.size())
      page.next = cursor_at(view, query.sort, page.matches.back(), false);
    if (begin > 0) page.previous = cursor_at(view, query.sort, page.matches.front(), true);
  }
  collect_includes(catalog, query, page, max_include);
  return page;
}

}  // namespace gateway::medication
