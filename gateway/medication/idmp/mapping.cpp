// Runs every mapper over a FEST catalog, in a deterministic order.
#include "medication/idmp/mapping.hpp"

#include <algorithm>

#include "medication/idmp/mapping_context.hpp"

namespace gateway::medication {
namespace {

template <typename Map>
std::vector<const typename Map::mapped_type*> sorted_values(const Map& map) {
  std::vector<std::pair<const std::string*, const typename Map::mapped_type*>> items;
  items.reserve(map.size());
  for (const auto& [key, value] : map) items.emplace_back(&key, &value);
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  std::vector<const typename Map::mapped_type*> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(item.second);
  return out;
}

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;  // clang 14 has no aggregate deduction

}  // namespace

FestMapper::FestMapper(const FestCatalog& fest) : ctx_(std::make_unique<MappingContext>(fest)) {
  for (const auto* m : sorted_values(fest.legemiddel_merkevare)) objects_.emplace_back(m);
  for (const auto* p : sorted_values(fest.legemiddelpakning)) objects_.emplace_back(p);
  for (const auto* v : sorted_values(fest.virkestoff)) objects_.emplace_back(v);
  for (const auto* lv : sorted_values(fest.legemiddel_virkestoff)) objects_.emplace_back(lv);
  for (const auto* ia : sorted_values(fest.interaksjon)) objects_.emplace_back(ia);
}

FestMapper::~FestMapper() = default;

void FestMapper::map(std::size_t index, const std::function<void(MappedResource)>& sink) const {
  const MappingContext& ctx = *ctx_;
  std::visit(Overloaded{
                 [&](const LegemiddelMerkevare* m) {
                   sink(map_medicinal_product(*m, ctx));
                   sink(map_manufactured_item(*m, ctx));
                   for (auto& r : map_ingredients(*m, ctx)) sink(std::move(r));
                   for (auto& r : map_regulated_authorization(*m, ctx)) sink(std::move(r));
                 },
                 [&](const Legemiddelpakning* p) { sink(map_packaged_product(*p, ctx)); },
                 [&](const Virkestoff* v) { sink(map_substance(*v, ctx)); },
                 [&](const LegemiddelVirkestoff* lv) { sink(map_administrable_product(*lv, ctx)); },
                 [&](const Interaksjon* ia) { sink(map_clinical_use(*ia, ctx)); },
             },
             objects_[index]);
}

std::vector<std::string> FestMapper::take_warnings() {
  std::vector<std::string> warnings = ctx_->take_warnings();
  std::sort(warnings.begin(), warnings.end());
  return warnings;
}

MappingResult map_fest_catalog(const FestCatalog& fest) {
  FestMapper mapper(fest);
  MappingResult result;
  for (std::size_t i = 0; i < mapper.size(); ++i) {
    mapper.map(i, [&](MappedResource r) { result.resources.push_back(std::move(r)); });
  }
  result.warnings = mapper.take_warnings();
  return result;
}

}  // namespace gateway::medication
