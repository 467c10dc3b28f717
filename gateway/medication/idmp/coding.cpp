// FHIR datatype builders for the FEST -> IDMP mapping.
#include "medication/idmp/coding.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "medication/idmp/systems.hpp"

namespace gateway::medication {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string> simple_ucum(std::string_view unit) {
  static const std::array<std::pair<std::string_view, std::string_view>, 22> kUnits = {{
      {"mg", "mg"},     {"g", "g"},       {"kg", "kg"},   {"µg", "ug"},   {"μg", "ug"},
      {"mikrog", "ug"}, {"mcg", "ug"},    {"ug", "ug"},   {"ng", "ng"},   {"ml", "mL"},
      {"l", "L"},       {"mmol", "mmol"}, {"mol", "mol"}, {"ie", "[iU]"}, {"iu", "[iU]"},
      {"e", "[U]"},     {"%", "%"},       {"mbq", "MBq"}, {"gbq", "GBq"}, {"dose", "{dose}"},
      {"mikrol", "uL"}, {"µl", "uL"},
  }};
  const std::string key = lower(unit);
  for (const auto& [fest, ucum] : kUnits) {
    if (key == fest) return std::string(ucum);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ucum_code(std::string_view unit) {
  const std::size_t slash = unit.find('/');
  if (slash == std::string_view::npos) return simple_ucum(unit);
  auto num = simple_ucum(unit.substr(0, slash));
  auto den = simple_ucum(unit.substr(slash + 1));
  if (!num || !den) return std::nullopt;
  return *num + "/" + *den;
}

Json volven_coding(const Coded& coded, std::string_view volven) {
  Json coding = Json::object();
  coding["system"] = coded.system.empty() ? systems::volven(volven) : "urn:oid:" + coded.system;
  coding["code"] = coded.code;
  if (!coded.display.empty()) coding["display"] = coded.display;
  return coding;
}

Json volven_concept(const Coded& coded, std::string_view volven) {
  Json cc = {{"coding", Json::array({volven_coding(coded, volven)})}};
  if (!coded.original_text.empty()) cc["text"] = coded.original_text;
  return cc;
}

Json atc_concept(const Coded& atc) {
  Json who = {{"system", systems::kAtc}, {"code", atc.code}};
  if (!atc.display.empty()) who["display"] = atc.display;
  return {{"coding", Json::array({who, volven_coding(atc, systems::kVolvenAtc)})}};
}

Json coded_concept(std::string_view system, std::string_view code, std::string_view display) {
  Json coding = {{"system", system}, {"code", code}};
  if (!display.empty()) coding["display"] = display;
  return {{"coding", Json::array({coding})}};
}

Json text_concept(std::string_view text) { return {{"text", text}}; }

Json fest_element_concept(const Coded& coded, std::string_view element) {
  if (!coded.system.empty()) return volven_concept(coded, "");
  return coded_concept(std::string(kCanonicalBase) + "/CodeSystem/fest-" + std::string(element),
                       coded.code, coded.display);
}

Json quantity(double value, std::string_view unit, std::string_view volven_unit_system) {
  Json q = {{"value", value}};
  if (unit.empty()) return q;
  q["unit"] = unit;
  if (auto ucum = ucum_code(unit)) {
    q["system"] = systems::kUcum;
    q["code"] = *ucum;
  } else {
    q["system"] = systems::volven(volven_unit_system);
    q["code"] = unit;
  }
  return q;
}

Json coded_quantity(double value, const Coded& unit, std::string_view volven) {
  Json q = {{"value", value}};
  if (unit.code.empty()) return q;
  q["unit"] = unit.display.empty() ? unit.code : unit.display;
  q["system"] = volven_coding(unit, volven)["system"];
  q["code"] = unit.code;
  return q;
}

Json identifier(std::string_view system, std::string_view value) {
  return {{"system", system}, {"value", value}};
}

Json reference(ResourceType type, std::string_view id) {
  return {{"reference", std::string(type_name(type)) + "/" + std::string(id)}};
}

Json norway_concept() { return coded_concept(systems::kIso3166, "NO", "Norway"); }

Json meta(const std::string& last_updated, ResourceType type) {
  return {{"versionId", ""},
          {"lastUpdated", last_updated},
          {"profile", Json::array({profile_url(type)})}};
}

}  // namespace gateway::medication
