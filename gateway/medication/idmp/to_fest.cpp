// IDMP JSON -> FEST XML: element order follows Forskrivning-2014-12-01.xsd.
#include "medication/idmp/to_fest.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "medication/idmp/systems.hpp"

namespace gateway::medication {
namespace {

using fhir::Json;

constexpr std::string_view kForskrivningNs =
    "http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01";

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string number(const Json& value) {
  const double v = value.get<double>();
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    return buf;
  }
  return Json(v).dump();
}

class XmlWriter {
 public:
  void open(std::string_view name, std::string_view ns = {}) {
    out_ += "<" + std::string(name);
    if (!ns.empty()) out_ += " xmlns=\"" + std::string(ns) + "\"";
    out_ += ">";
  }
  void close(std::string_view name) { out_ += "</" + std::string(name) + ">"; }
  void text(std::string_view name, std::string_view value) {
    open(name);
    out_ += escape(value);
    close(name);
  }
  // Attribute-only element (kith CS/CV/PQ): empty values are left out.
  void coded(std::string_view name,
             std::initializer_list<std::pair<std::string_view, std::string>> attributes) {
    out_ += "<" + std::string(name);
    for (const auto& [key, value] : attributes) {
      if (!value.empty()) out_ += " " + std::string(key) + "=\"" + escape(value) + "\"";
    }
    out_ += "/>";
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// The first coding of a concept whose system is `system` (or starts with it).
std::optional<Json> coding_of(const Json& codeable, std::string_view system) {
  if (!codeable.is_object() || !codeable.contains("coding")) return std::nullopt;
  for (const auto& c : codeable["coding"]) {
    if (c.value("system", "").starts_with(system)) return c;
  }
  return std::nullopt;
}

std::string oid_of(const Json& coding) {
  std::string system = coding.value("system", "");
  return system.starts_with("urn:oid:") ? system.substr(8) : std::string();
}

// A CV (with S) or a CS (without) from a coding.
void coded_value(XmlWriter& w, std::string_view element, const Json& coding, bool with_system) {
  w.coded(element, {{"V", coding.value("code", "")},
                    {"S", with_system ? oid_of(coding) : std::string()},
                    {"DN", coding.value("display", "")}});
}

void volven(XmlWriter& w, std::string_view element, const Json& codeable, std::string_view number,
            bool with_system) {
  if (auto c = coding_of(codeable, systems::volven(number)))
    coded_value(w, element, *c, with_system);
}

std::optional<Json> characteristic(const Json& product, std::string_view code) {
  for (const auto& c : product.value("characteristic", Json::array())) {
    if (auto coding = coding_of(c["type"], systems::kLocalConcepts);
        coding && (*coding)["code"] == code)
      return c;
  }
  return std::nullopt;
}

std::string identifier_value(const Json& resource, std::string_view system) {
  for (const auto& id : resource.value("identifier", Json::array())) {
    if (id.value("system", "") == system && id.value("use", "") != "old")
      return id.value("value", "");
  }
  return {};
}

std::string duration_of(const Json& quantity) {
  const std::string unit = quantity.value("code", "");
  const char* letter = unit == "a" ? "Y" : unit == "mo" ? "M" : unit == "wk" ? "W" : "D";
  return "P" + number(quantity["value"]) + letter;
}

const Json* first_strength(const Json& ingredient) {
  const Json& substance = ingredient["substance"];
  if (!substance.contains("strength") || substance["strength"].empty()) return nullptr;
  return &substance["strength"][0];
}

std::optional<Json> unit_of_presentation(const std::vector<Json>& ingredients) {
  for (const auto& ing : ingredients) {
    if (const Json* s = first_strength(ing); s && s->contains("presentationRatio")) {
      const Json& d = (*s)["presentationRatio"]["denominator"];
      if (d.value("system", "") == systems::volven(systems::kVolvenEnhetDosering)) {
        return Json{{"system", d["system"]}, {"code", d["code"]}, {"display", d.value("unit", "")}};
      }
    }
  }
  return std::nullopt;
}

void quantity_element(XmlWriter& w, std::string_view element, const Json& q) {
  w.coded(element, {{"V", number(q["value"])}, {"U", q.value("unit", "")}});
}

void virkestoff_med_styrke(XmlWriter& w, const Json& ing, const std::string& id) {
  const Json& strengths = ing["substance"]["strength"];
  const Json& main = strengths[0];
  const bool concentration =
      main.contains("concentrationRatio") || main.contains("concentrationRatioRange");
  const std::string kind = concentration ? "concentration" : "presentation";
  const bool range = main.contains(kind + "RatioRange");
  const Json& ratio = main[kind + (range ? "RatioRange" : "Ratio")];
  const Json& numerator = range ? ratio["lowNumerator"] : ratio["numerator"];
  std::string op = "L";
  if (range)
    op = "I";
  else if (numerator.value("comparator", "") == "<")
    op = "M";
  else if (numerator.value("comparator", "") == ">")
    op = "S";
  static const std::pair<std::string_view, std::string_view> kOperators[] = {
      {"L", "Lik"}, {"I", "Intervall"}, {"M", "Mindre enn"}, {"S", "Større enn"}};
  std::string op_display;
  for (const auto& [code, display] : kOperators) {
    if (code == op) op_display = display;
  }
  w.open("VirkestoffMedStyrke", kForskrivningNs);
  w.text("Id", id);
  quantity_element(w, "Styrke", numerator);
  if (concentration) quantity_element(w, "StyrkeNevner", ratio["denominator"]);
  if (auto c = coding_of(ing["substance"]["code"]["concept"], systems::kVirkestoffId)) {
    w.text("RefVirkestoff", (*c)["code"].get<std::string>());
  }
  if (strengths.size() > 1) {
    const Json& alt = strengths[1];
    const bool alt_concentration = alt.contains("concentrationRatio");
    const Json& alt_ratio = alt[alt_concentration ? "concentrationRatio" : "presentationRatio"];
    quantity_element(w, "AlternativStyrke", alt_ratio["numerator"]);
    if (alt_concentration) quantity_element(w, "AlternativStyrkeNevner", alt_ratio["denominator"]);
  }
  w.coded("Styrkeoperator", {{"V", op},
                             {"S", systems::volven(systems::kVolvenStyrkeoperator).substr(8)},
                             {"DN", std::string(op_display)}});
  if (range) w.text("StyrkeOvreVerdi", number(ratio["highNumerator"]["value"]));
  if (auto atc = coding_of(ing["substance"]["code"]["concept"], systems::kAtc)) {
    w.coded("AtcKombipreparat", {{"V", (*atc)["code"]},
                                 {"S", "2.16.578.1.12.4.1.1.7180"},
                                 {"DN", atc->value("display", "")}});
  }
  w.close("VirkestoffMedStyrke");
}

bool is_active(const Json& ing) {
  return ing["role"]["coding"][0].value("code", "") == "100000072072";
}

}  // namespace

std::string fest_id_of(std::string_view resource_id) {
  std::string id(resource_id);
  if (id.starts_with("ID-")) id[2] = '_';
  return id;
}

std::string medicinal_product_to_fest(const Json& p, const std::vector<Json>& ingredients,
                                      const std::string& produsent) {
  XmlWriter w;
  w.open("LegemiddelMerkevare", kForskrivningNs);
  for (const auto& cc : p.value("classification", Json::array())) {
    if (auto atc = coding_of(cc, systems::kAtc)) {
      w.coded("Atc", {{"V", (*atc)["code"]},
                      {"S", "2.16.578.1.12.4.1.1.7180"},
                      {"DN", atc->value("display", "")}});
    }
  }
  w.text("NavnFormStyrke", p["name"][0].value("productName", ""));
  volven(w, "Reseptgruppe", p["legalStatusOfSupply"], systems::kVolvenReseptgruppe, false);
  if (p.contains("combinedPharmaceuticalDoseForm")) {
    volven(w, "LegemiddelformKort", p["combinedPharmaceuticalDoseForm"],
           systems::kVolvenLegemiddelform, true);
  }
  if (p.contains("type")) volven(w, "Preparattype", p["type"], systems::kVolvenPreparattype, false);
  if (auto c = characteristic(p, "type-soknad-slv"))
    volven(w, "TypeSoknadSlv", (*c)["valueCodeableConcept"], "7422", false);
  if (auto c = characteristic(p, "opioidsoknad"))
    w.text("Opioidsoknad", (*c)["valueBoolean"].get<bool>() ? "true" : "false");
  const auto unit = unit_of_presentation(ingredients);
  if (p.contains("route")) {
    w.open("AdministreringLegemiddel");
    for (const auto& route : p["route"])
      volven(w, "Administrasjonsvei", route, systems::kVolvenAdministrasjonsvei, true);
    if (unit) coded_value(w, "EnhetDosering", *unit, true);
    w.close("AdministreringLegemiddel");
  }
  if (p.contains("additionalMonitoringIndicator"))
    w.coded("SvartTrekant", {{"V", "1"}, {"DN", "Svart trekant"}});
  w.text("Id", identifier_value(p, systems::kMerkevareId));
  std::string varenavn;
  for (const auto& part : p["name"][0].value("namePart", Json::array())) {
    if (part["type"]["coding"][0]["code"] == "InventedNamePart") varenavn = part["part"];
  }
  w.text("Varenavn", varenavn);
  if (p.contains("combinedPharmaceuticalDoseForm") &&
      p["combinedPharmaceuticalDoseForm"].contains("text")) {
    w.text("LegemiddelformLang", p["combinedPharmaceuticalDoseForm"]["text"].get<std::string>());
  }
  int sortering = 0;
  for (const auto& ing : ingredients) {
    const std::string vms = ing.contains("identifier") ? ing["identifier"].value("value", "") : "";
    if (!is_active(ing) || vms.empty()) continue;
    w.open("SortertVirkestoffMedStyrke");
    w.text("Sortering", std::to_string(sortering++));
    w.text("RefVirkestoffMedStyrke", vms);
    w.close("SortertVirkestoffMedStyrke");
  }
  sortering = 0;
  for (const auto& ing : ingredients) {
    if (!is_active(ing) || ing.contains("identifier")) continue;
    if (auto c = coding_of(ing["substance"]["code"]["concept"], systems::kVirkestoffId)) {
      w.open("SortertVirkestoffUtenStyrke");
      w.text("Sortering", std::to_string(sortering++));
      w.text("RefVirkestoff", (*c)["code"].get<std::string>());
      w.close("SortertVirkestoffUtenStyrke");
    }
  }
  const auto triangle = characteristic(p, "varseltrekant");
  const bool has_reference = p.contains("crossReference");
  if (triangle || has_reference || !produsent.empty()) {
    w.open("ProduktInfo");
    if (triangle)
      w.text("Varseltrekant", (*triangle)["valueBoolean"].get<bool>() ? "true" : "false");
    if (has_reference)
      w.text("Referanseprodukt", p["crossReference"][0]["product"]["concept"].value("text", ""));
    if (!produsent.empty()) w.text("Produsent", produsent);
    w.close("ProduktInfo");
  }
  for (const auto& c : p.value("characteristic", Json::array())) {
    if (c["type"]["coding"][0].value("code", "") != "reseptgyldighet" ||
        !c.contains("valueQuantity"))
      continue;
    w.open("Reseptgyldighet");
    if (auto kjonn = coding_of(c["type"], systems::volven("3101")))
      coded_value(w, "Kjonn", *kjonn, false);
    w.text("Varighet", duration_of(c["valueQuantity"]));
    w.close("Reseptgyldighet");
  }
  for (const auto& ing : ingredients) {
    if (is_active(ing)) continue;
    w.open("Hjelpestoff");
    w.text("Navn", ing["substance"]["code"]["concept"].value("text", ""));
    w.close("Hjelpestoff");
  }
  w.close("LegemiddelMerkevare");
  for (const auto& ing : ingredients) {
    const std::string vms = ing.contains("identifier") ? ing["identifier"].value("value", "") : "";
    if (is_active(ing) && !vms.empty() && first_strength(ing)) virkestoff_med_styrke(w, ing, vms);
  }
  return w.take();
}

std::string packaged_product_to_fest(const Json& p) {
  XmlWriter w;
  w.open("Legemiddelpakning", kForskrivningNs);
  w.text("NavnFormStyrke", p.value("name", ""));
  if (!p.value("legalStatusOfSupply", Json::array()).empty()) {
    volven(w, "Reseptgruppe", p["legalStatusOfSupply"][0]["code"], systems::kVolvenReseptgruppe,
           false);
  }
  w.text("Id", identifier_value(p, systems::kPakningId));
  w.text("Varenr", identifier_value(p, systems::kVarenummer));
  const Json& package = p.value("package", Json::object());
  for (const auto& id : package.value("identifier", Json::array())) {
    if (id.value("system", "") == systems::kGtin) w.text("Ean", id.value("value", ""));
  }
  if (package.contains("shelfLifeStorage")) {
    volven(w, "Oppbevaring", package["shelfLifeStorage"][0]["specialPrecautionsForStorage"][0],
           systems::kVolvenOppbevaring, false);
  }
  // One Pakningsinfo per level holding an item: the outer level, or each nested level.
  std::vector<const Json*> levels;
  if (package.contains("containedItem") || !package.contains("package"))
    levels.push_back(&package);
  else
    for (const auto& level : package["package"]) levels.push_back(&level);
  const std::string description = p.value("description", "");
  const std::string size_prefix = "Pakningsstørrelse ";
  for (const Json* level : levels) {
    const Json* holder = level;
    std::optional<int> antall;
    if (!level->contains("containedItem") && level->contains("package")) {
      holder = &(*level)["package"][0];
      antall = holder->value("quantity", 1);
    }
    if (!holder->contains("containedItem")) continue;
    const Json& item = (*holder)["containedItem"][0];
    w.open("Pakningsinfo");
    w.text("RefLegemiddelMerkevare",
           fest_id_of(item["item"]["reference"]["reference"].get<std::string>().substr(
               std::string("ManufacturedItemDefinition/mid-").size())));
    const Json& amount = item["amount"];
    w.text("Pakningsstr", levels.size() == 1 && description.starts_with(size_prefix)
                              ? description.substr(size_prefix.size())
                              : number(amount["value"]));
    w.coded(
        "EnhetPakning",
        {{"V", amount.value("code", "")}, {"S", oid_of(amount)}, {"DN", amount.value("unit", "")}});
    const Json& type =
        level->contains("type") ? (*level)["type"] : package.value("type", Json::object());
    volven(w, "Pakningstype", type, systems::kVolvenPakningstype, true);
    const int multippel = level->value("quantity", 1);
    if (multippel != 1) w.text("Multippel", std::to_string(multippel));
    if (antall) w.text("Antall", std::to_string(*antall));
    w.text("Mengde", number(amount["value"]));
    w.close("Pakningsinfo");
  }
  if (p.contains("marketingStatus")) {
    const Json& status = p["marketingStatus"][0];
    std::string old_varenr;
    for (const auto& id : p["identifier"]) {
      if (id.value("use", "") == "old") old_varenr = id.value("value", "");
    }
    const Json range = status.value("dateRange", Json::object());
    w.open("Markedsforingsinfo");
    if (!old_varenr.empty()) w.text("VarenrUtgaende", old_varenr);
    if (range.contains("start")) w.text("Markedsforingsdato", range["start"].get<std::string>());
    if (range.contains("end")) w.text("AvregDato", range["end"].get<std::string>());
    w.close("Markedsforingsinfo");
  }
  w.close("Legemiddelpakning");
  return w.take();
}

namespace {

std::string oppf(std::string_view kind, std::size_t n, const std::string& timestamp,
                 std::string_view payload) {
  std::string out = "<Oppf" + std::string(kind) + "><Id>ID_OPPF_" + std::to_string(n) +
                    "</Id><Tidspunkt>" + escape(timestamp) +
                    "</Tidspunkt><Status V=\"A\" DN=\"Aktiv oppføring\"/>";
  out += payload;
  return out + "</Oppf" + std::string(kind) + ">";
}

// The Ingredients of a product: active ones in the product's ingredient order, then excipients.
std::vector<Json> in_product_order(const Json& product, const std::vector<Json>& all) {
  std::vector<Json> ordered;
  for (const auto& code : product.value("ingredient", Json::array())) {
    for (const auto& ing : all) {
      auto c = coding_of(ing["substance"]["code"]["concept"], systems::kVirkestoffId);
      if (is_active(ing) && c && (*c)["code"] == code["coding"][0]["code"]) ordered.push_back(ing);
    }
  }
  for (const auto& ing : all) {
    if (!is_active(ing)) ordered.push_back(ing);
  }
  return ordered;
}

}  // namespace

FestDocumentWriter::FestDocumentWriter(std::string timestamp) : timestamp_(std::move(timestamp)) {}

void FestDocumentWriter::add_product(const Json& product, const std::vector<Json>& ingredients,
                                     const std::string& produsent) {
  const std::string xml =
      medicinal_product_to_fest(product, in_product_order(product, ingredients), produsent);
  const std::size_t split = xml.find("<VirkestoffMedStyrke");
  merkevarer_ +=
      oppf("LegemiddelMerkevare", ++entries_, timestamp_, std::string_view(xml).substr(0, split));
  for (std::size_t at = split; at != std::string::npos;) {
    const std::size_t next = xml.find("<VirkestoffMedStyrke", at + 1);
    strengths_ += oppf("Virkestoff", ++entries_, timestamp_,
                       std::string_view(xml).substr(
                           at, next == std::string::npos ? std::string::npos : next - at));
    at = next;
  }
}

void FestDocumentWriter::add_package(const Json& package) {
  pakninger_ +=
      oppf("Legemiddelpakning", ++entries_, timestamp_, packaged_product_to_fest(package));
}

std::string FestDocumentWriter::finish() const {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<FEST xmlns=\"http://www.kith.no/xmlstds/eresept/m30/2014-12-01\"><HentetDato>" +
         escape(timestamp_) + "</HentetDato><KatLegemiddelMerkevare>" + merkevarer_ +
         "</KatLegemiddelMerkevare><KatLegemiddelpakning>" + pakninger_ +
         "</KatLegemiddelpakning><KatVirkestoff>" + strengths_ + "</KatVirkestoff></FEST>\n";
}

}  // namespace gateway::medication
