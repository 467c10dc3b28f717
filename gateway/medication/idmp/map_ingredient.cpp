// LegemiddelMerkevare substances -> Ingredient (active with strength, and excipients).
#include <cstdio>

#include "medication/idmp/coding.hpp"
#include "medication/idmp/mapping_context.hpp"
#include "medication/idmp/systems.hpp"
#include "medication/index/fhir_id.hpp"

namespace gateway::medication {
namespace {

std::string number_text(const PhysicalQuantity& q) {
  if (!q.value_text.empty()) return q.value_text;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", q.value);
  return buf;
}

std::string quantity_text(const PhysicalQuantity& q) {
  return q.unit.empty() ? number_text(q) : number_text(q) + " " + q.unit;
}

const Coded* unit_of_presentation(const LegemiddelMerkevare* m) {
  if (!m || !m->administrering_legemiddel || m->administrering_legemiddel->enhet_dosering.empty()) {
    return nullptr;
  }
  return &m->administrering_legemiddel->enhet_dosering.front();
}

// The denominator: StyrkeNevner, else 1 unit of presentation (EnhetDosering).
Json denominator(const std::optional<PhysicalQuantity>& nevner, const LegemiddelMerkevare& m) {
  if (nevner) return quantity(nevner->value, nevner->unit, systems::kVolvenEnhetPakning);
  if (const Coded* unit = unit_of_presentation(&m)) {
    return coded_quantity(1, *unit, systems::kVolvenEnhetDosering);
  }
  return {{"value", 1}};
}

// One strength[] entry: Styrke / StyrkeNevner (concentration) or Styrke / 1 EnhetDosering
// (presentation), with Styrkeoperator I -> RatioRange, M -> '<', S -> '>'.
Json strength_entry(const PhysicalQuantity& value, const std::optional<PhysicalQuantity>& nevner,
                    const VirkestoffMedStyrke& v, const LegemiddelMerkevare& m,
                    const MappingContext& ctx, bool apply_operator) {
  const bool concentration = nevner.has_value();
  const std::string kind = concentration ? "concentration" : "presentation";
  const std::string text_key = concentration ? "textConcentration" : "textPresentation";
  Json numerator = quantity(value.value, value.unit, systems::kVolvenStyrkeEnhet);
  Json out = Json::object();
  const std::string& op = v.styrkeoperator.code;
  if (apply_operator && op == "I" && v.styrke_ovre_verdi) {
    Json high = quantity(v.styrke_ovre_verdi->value, value.unit, systems::kVolvenStyrkeEnhet);
    out[kind + "RatioRange"] = {{"lowNumerator", numerator},
                                {"highNumerator", high},
                                {"denominator", denominator(nevner, m)}};
  } else {
    if (apply_operator) {
      if (op == "M")
        numerator["comparator"] = "<";
      else if (op == "S")
        numerator["comparator"] = ">";
      else if (op == "I") {
        ctx.warn("VirkestoffMedStyrke " + v.id + ": operator I without StyrkeOvreVerdi");
      } else if (op != "L" && !op.empty()) {
        ctx.warn("VirkestoffMedStyrke " + v.id + ": unknown Styrkeoperator '" + op + "'");
      }
    }
    out[kind + "Ratio"] = {{"numerator", numerator}, {"denominator", denominator(nevner, m)}};
  }
  out[text_key] = apply_operator
                      ? strength_text(v, &m)
                      : quantity_text(value) + (nevner ? "/" + quantity_text(*nevner) : "");
  return out;
}

Json substance_code(const std::string& virkestoff_id, const MappingContext& ctx) {
  const Virkestoff* v = ctx.virkestoff(virkestoff_id);
  Json code = {{"concept", coded_concept(systems::kVirkestoffId, virkestoff_id, v ? v->navn : "")}};
  if (v) {
    code["reference"] = reference(ResourceType::substance_definition, substance_id(virkestoff_id));
    code["reference"]["display"] = v->navn;
  }
  return code;
}

Json ingredient_for(const LegemiddelMerkevare& m, const MappingContext& ctx) {
  Json refs = Json::array(
      {reference(ResourceType::medicinal_product_definition, medicinal_product_id(m.id)),
       reference(ResourceType::manufactured_item_definition, manufactured_item_id(m.id))});
  for (const auto& lv : ctx.legemiddel_virkestoff_of(m.id)) {
    refs.push_back(reference(ResourceType::administrable_product_definition, fhir_id("", lv)));
  }
  return refs;
}

Json role(std::string_view code, std::string_view display) {
  return coded_concept("http://hl7.org/fhir/ingredient-role", code, display);
}

Instant latest(Instant a, const Instant& b) { return b.epoch_seconds > a.epoch_seconds ? b : a; }

std::string member_id(std::string_view prefix, const LegemiddelMerkevare& m, std::string_view key) {
  std::string base = fhir_id(prefix, m.id);
  if (base.size() > 55) base = base.substr(0, 55);
  return base + "-" + hex64(stable_hash(key)).substr(0, 8);
}

}  // namespace

std::string strength_text(const VirkestoffMedStyrke& v, const LegemiddelMerkevare* m) {
  std::string text;
  const std::string& op = v.styrkeoperator.code;
  if (op == "M") text = "< ";
  if (op == "S") text = "> ";
  text += number_text(v.styrke);
  if (op == "I" && v.styrke_ovre_verdi) text += "-" + v.styrke_ovre_verdi->text;
  if (!v.styrke.unit.empty()) text += " " + v.styrke.unit;
  if (v.styrke_nevner) {
    text += "/" + quantity_text(*v.styrke_nevner);
  } else if (const Coded* unit = unit_of_presentation(m)) {
    text += "/" + (unit->display.empty() ? unit->code : unit->display);
  }
  return text;
}

std::vector<MappedResource> map_ingredients(const LegemiddelMerkevare& m,
                                            const MappingContext& ctx) {
  std::vector<MappedResource> out;
  const Instant merkevare_time = ctx.timestamp(m.oppforing);
  auto sorted_strengths = m.sortert_virkestoff_med_styrke;
  std::stable_sort(sorted_strengths.begin(), sorted_strengths.end(),
                   [](const auto& a, const auto& b) { return a.sortering < b.sortering; });
  for (const auto& sortert : sorted_strengths) {
    const VirkestoffMedStyrke* v = ctx.virkestoff_med_styrke(sortert.ref_virkestoff_med_styrke);
    if (!v) {
      ctx.warn("LegemiddelMerkevare " + m.id + ": unknown VirkestoffMedStyrke " +
               sortert.ref_virkestoff_med_styrke + " (no Ingredient produced)");
      continue;
    }
    Instant updated = latest(merkevare_time, ctx.timestamp(v->oppforing));
    if (const Virkestoff* substance = ctx.virkestoff(v->ref_virkestoff)) {
      updated = latest(updated, ctx.timestamp(substance->oppforing));
    } else {
      ctx.warn("VirkestoffMedStyrke " + v->id + ": unknown Virkestoff " + v->ref_virkestoff);
    }
    MappedResource r =
        start_resource(ResourceType::ingredient, member_id("ing-", m, v->id), updated);
    r.resource["identifier"] = identifier(systems::kVirkestoffMedStyrkeId, v->id);
    r.resource["status"] = "active";
    r.resource["for"] = ingredient_for(m, ctx);
    r.resource["role"] = role("100000072072", "Active");
    Json strengths = Json::array({strength_entry(v->styrke, v->styrke_nevner, *v, m, ctx, true)});
    if (v->alternativ_styrke) {
      strengths.push_back(
          strength_entry(*v->alternativ_styrke, v->alternativ_styrke_nevner, *v, m, ctx, false));
    }
    r.resource["substance"] = {{"code", substance_code(v->ref_virkestoff, ctx)},
                               {"strength", std::move(strengths)}};
    if (v->atc_kombipreparat) {
      r.resource["substance"]["code"]["concept"]["coding"].push_back(
          atc_concept(*v->atc_kombipreparat)["coding"][0]);
    }
    out.push_back(std::move(r));
  }
  for (const auto& uten : m.sortert_virkestoff_uten_styrke) {
    Instant updated = merkevare_time;
    if (const Virkestoff* substance = ctx.virkestoff(uten.ref_virkestoff)) {
      updated = latest(updated, ctx.timestamp(substance->oppforing));
    }
    MappedResource r = start_resource(ResourceType::ingredient,
                                      member_id("ing-", m, uten.ref_virkestoff), updated);
    r.resource["status"] = "active";
    r.resource["for"] = ingredient_for(m, ctx);
    r.resource["role"] = role("100000072072", "Active");
    r.resource["substance"] = {{"code", substance_code(uten.ref_virkestoff, ctx)}};
    out.push_back(std::move(r));
  }
  for (const auto& hjelpestoff : m.hjelpestoff) {
    MappedResource r = start_resource(ResourceType::ingredient,
                                      member_id("exc-", m, hjelpestoff.navn), merkevare_time);
    r.resource["status"] = "active";
    r.resource["for"] = ingredient_for(m, ctx);
    r.resource["role"] = role("100000072082", "Excipient");
    r.resource["substance"] = {{"code", {{"concept", text_concept(hjelpestoff.navn)}}}};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace gateway::medication
