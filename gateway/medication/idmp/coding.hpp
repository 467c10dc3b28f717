// Building blocks of the mapping: FEST coded values, quantities, identifiers and references
// as FHIR datatypes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fhir/json.hpp"
#include "medication/fest/model.hpp"
#include "medication/index/resource_types.hpp"

namespace gateway::medication {

using fhir::Json;

// Coding of a FEST CV/CS. The system is urn:oid:<S>, or urn:oid:2.16.578.1.12.4.1.1.<volven>
// when the value carries no S (CS values, lenient data). The FEST display (DN) is kept.
Json volven_coding(const Coded& coded, std::string_view volven);
// CodeableConcept with that one coding; `text` is the original text (OT) when present.
Json volven_concept(const Coded& coded, std::string_view volven);
// ATC as http://www.whocc.no/atc with the FEST display, plus the Volven 7180 coding.
Json atc_concept(const Coded& atc);
// A concept of our local code system (fest-idmp-concepts) or of any other system.
Json coded_concept(std::string_view system, std::string_view code, std::string_view display);
Json text_concept(std::string_view text);
// Concept of a FEST CS whose Volven number is not known: urn:oid:<S> when present, else the
// project code system <canonical>/CodeSystem/fest-<element>.
Json fest_element_concept(const Coded& coded, std::string_view element);

// Quantity for a FEST value and unit: UCUM code when the unit has one, else the unit as a
// code of the given Volven system. `unit` keeps the FEST spelling.
Json quantity(double value, std::string_view unit, std::string_view volven_unit_system);
// Quantity whose unit is a FEST coded value (EnhetPakning, EnhetDosering).
Json coded_quantity(double value, const Coded& unit, std::string_view volven);
// UCUM code for a FEST unit, if it has one ("mg" -> "mg", "ml" -> "mL", "IE" -> "[iU]").
std::optional<std::string> ucum_code(std::string_view unit);

Json identifier(std::string_view system, std::string_view value);
Json reference(ResourceType type, std::string_view id);
Json norway_concept();  // urn:iso:std:iso:3166#NO
// meta with a placeholder versionId (set when the resource is indexed), lastUpdated, profile.
Json meta(const std::string& last_updated, ResourceType type);

}  // namespace gateway::medication
