// Legemiddelpakning -> PackagedProductDefinition with nested package levels.
#include <algorithm>
#include <set>

#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"
#include "medication/index/fhir_id.hpp"

namespace gateway::medication {
namespace {

Json marketing_status(const Markedsforingsinfo& info) {
  std::string_view code = "marketed";
  std::string_view display = "Markedsført";
  if (info.avreg_dato) {
    code = "cancelled";
    display = "Avregistrert";
  } else if (info.midl_utgatt_dato) {
    code = "temporarily-unavailable";
    display = "Midlertidig utgått";
  }
  Json status = coded_concept(systems::kLocalConcepts, code, display);
  Json out = {{"country", norway_concept()}, {"status", status}};
  Json range = Json::object();
  if (info.markedsforingsdato && is_fhir_date(*info.markedsforingsdato)) {
    range["start"] = *info.markedsforingsdato;
  }
  if (info.avreg_dato && is_fhir_date(*info.avreg_dato)) range["end"] = *info.avreg_dato;
  if (!range.empty()) out["dateRange"] = std::move(range);
  return out;
}

// The level that holds the manufactured item: Antall x (Mengde EnhetPakning of the item).
Json contained_item(const Pakningsinfo& info) {
  Json item = Json::object();
  item["item"] = {{"reference", reference(ResourceType::manufactured_item_definition,
                                          manufactured_item_id(info.ref_legemiddel_merkevare))}};
  item["amount"] =
      coded_quantity(info.mengde.value, info.enhet_pakning, systems::kVolvenEnhetPakning);
  return item;
}

// Components of a kit: their own level with the component's type, count and amount.
Json component_levels(const Pakningsinfo& info) {
  Json levels = Json::array();
  for (const auto& k : info.pakningskomponent) {
    Json level = {{"type", volven_concept(k.pakningstype, systems::kVolvenPakningstype)}};
    if (k.antall) level["quantity"] = *k.antall;
    level["property"] =
        Json::array({{{"type", coded_concept(systems::kLocalConcepts, "komponent-mengde",
                                             "Mengde i komponent")},
                      {"valueQuantity",
                       quantity(k.mengde.value, k.mengde.unit, systems::kVolvenEnhetPakning)}}});
    levels.push_back(std::move(level));
  }
  return levels;
}

// Legemiddeldose of this merkevare in this pakning: identifiers of the innermost level.
Json dose_identifiers(const Pakningsinfo& info, const std::vector<const Legemiddeldose*>& doses) {
  Json ids = Json::array();
  for (const Legemiddeldose* dose : doses) {
    if (dose->ref_legemiddel_merkevare != info.ref_legemiddel_merkevare) continue;
    ids.push_back(identifier(systems::kLegemiddeldoseId, dose->id));
  }
  return ids;
}

// Outer quantity = Multippel, inner quantity = Antall, containedItem.amount = Mengde.
void fill_level(Json& level, const Pakningsinfo& info,
                const std::vector<const Legemiddeldose*>& doses) {
  Json items = Json::array({contained_item(info)});
  Json components = component_levels(info);
  Json dose_ids = dose_identifiers(info, doses);
  if (info.antall) {
    Json inner = {{"quantity", *info.antall}};
    if (!dose_ids.empty()) inner["identifier"] = std::move(dose_ids);
    inner["containedItem"] = std::move(items);
    if (!components.empty()) inner["package"] = std::move(components);
    level["package"] = Json::array({std::move(inner)});
    return;
  }
  if (!dose_ids.empty()) {
    for (auto& id : dose_ids) level["identifier"].push_back(std::move(id));
  }
  level["containedItem"] = std::move(items);
  if (!components.empty()) level["package"] = std::move(components);
}

Json package_of(const Legemiddelpakning& p, const MappingContext& ctx) {
  Json package = Json::object();
  Json gtins = Json::array();
  for (const auto& ean : p.ean) gtins.push_back(identifier(systems::kGtin, ean));
  if (!gtins.empty()) package["identifier"] = std::move(gtins);
  const auto& doses = ctx.doses_of(p.id);
  if (p.pakningsinfo.size() == 1) {
    const Pakningsinfo& info = p.pakningsinfo.front();
    package["type"] = volven_concept(info.pakningstype, systems::kVolvenPakningstype);
    package["quantity"] = info.multippel.value_or(1);
  } else {
    package["quantity"] = 1;
  }
  if (p.oppbevaring) {
    package["shelfLifeStorage"] = Json::array(
        {{{"specialPrecautionsForStorage",
           Json::array({volven_concept(*p.oppbevaring, systems::kVolvenOppbevaring)})}}});
  }
  if (p.pakningsinfo.size() == 1) {
    fill_level(package, p.pakningsinfo.front(), doses);
  } else if (!p.pakningsinfo.empty()) {
    // Multi-strength packs: one level per Pakningsinfo, in Sortering order.
    auto infos = p.pakningsinfo;
    std::stable_sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) {
      return a.sortering.value_or(0) < b.sortering.value_or(0);
    });
    Json levels = Json::array();
    for (const auto& info : infos) {
      Json level = {{"type", volven_concept(info.pakningstype, systems::kVolvenPakningstype)},
                    {"quantity", info.multippel.value_or(1)}};
      fill_level(level, info, doses);
      levels.push_back(std::move(level));
    }
    package["package"] = std::move(levels);
  }
  return package;
}

}  // namespace

MappedResource map_packaged_product(const Legemiddelpakning& p, const MappingContext& ctx) {
  MappedResource out = start_resource(ResourceType::packaged_product_definition, fhir_id("", p.id),
                                      ctx.timestamp(p.oppforing));
  Json& r = out.resource;
  Json identifiers = Json::array(
      {identifier(systems::kPakningId, p.id), identifier(systems::kVarenummer, p.varenr)});
  if (p.markedsforingsinfo && p.markedsforingsinfo->varenr_utgaende) {
    Json old = identifier(systems::kVarenummer, *p.markedsforingsinfo->varenr_utgaende);
    old["use"] = "old";
    identifiers.push_back(std::move(old));
  }
  r["identifier"] = std::move(identifiers);
  r["name"] = p.navn_form_styrke;
  Json package_for = Json::array();
  std::set<std::string> seen;
  for (const auto& info : p.pakningsinfo) {
    if (!seen.insert(info.ref_legemiddel_merkevare).second) continue;
    if (!ctx.merkevare(info.ref_legemiddel_merkevare)) {
      ctx.warn("Legemiddelpakning " + p.id + ": unknown LegemiddelMerkevare " +
               info.ref_legemiddel_merkevare);
    }
    Json ref = reference(ResourceType::medicinal_product_definition,
                         medicinal_product_id(info.ref_legemiddel_merkevare));
    package_for.push_back(std::move(ref));
  }
  if (!package_for.empty()) r["packageFor"] = std::move(package_for);
  r["status"] = coded_concept(systems::kPublicationStatus, "active", "Active");
  Json contained_quantity = Json::array();
  for (const auto& info : p.pakningsinfo) {
    const double total = info.mengde.value * info.multippel.value_or(1) * info.antall.value_or(1);
    contained_quantity.push_back(
        coded_quantity(total, info.enhet_pakning, systems::kVolvenEnhetPakning));
  }
  if (!contained_quantity.empty()) r["containedItemQuantity"] = std::move(contained_quantity);
  if (p.pakningsinfo.size() == 1 && !p.pakningsinfo.front().pakningsstr.empty()) {
    r["description"] = "Pakningsstørrelse " + p.pakningsinfo.front().pakningsstr;
  }
  r["legalStatusOfSupply"] =
      Json::array({{{"code", volven_concept(p.reseptgruppe, systems::kVolvenReseptgruppe)},
                    {"jurisdiction", norway_concept()}}});
  if (p.markedsforingsinfo) {
    r["marketingStatus"] = Json::array({marketing_status(*p.markedsforingsinfo)});
  }
  if (p.pakning_byttegruppe) {
    auto it = ctx.fest().byttegruppe.find(p.pakning_byttegruppe->ref_byttegruppe);
    if (it != ctx.fest().byttegruppe.end()) {
      r["characteristic"] =
          Json::array({volven_concept(it->second.kode, systems::kVolvenByttegruppe)});
    }
  }
  r["package"] = package_of(p, ctx);
  return out;
}

}  // namespace gateway::medication
