// Identifier and code system URIs used in the FEST -> IDMP mapping (reference §6.1).
#pragma once

#include <string>
#include <string_view>

namespace gateway::medication::systems {

inline constexpr std::string_view kMerkevareId =
    "http://legemiddelverket.no/FEST/LegemiddelMerkevareID";
inline constexpr std::string_view kPakningId =
    "http://legemiddelverket.no/FEST/LegemiddelPakningID";
inline constexpr std::string_view kVirkestoffId = "http://legemiddelverket.no/FEST/VirkestoffID";
inline constexpr std::string_view kVirkestoffMedStyrkeId =
    "http://legemiddelverket.no/FEST/VirkestoffMedStyrkeID";
inline constexpr std::string_view kInteraksjonId = "http://legemiddelverket.no/FEST/InteraksjonID";
inline constexpr std::string_view kLegemiddelVirkestoffId =
    "http://dmp.no/fhir/NamingSystem/festLegemiddelVirkestoff";
inline constexpr std::string_view kLegemiddeldoseId =
    "http://dmp.no/fhir/NamingSystem/festLegemiddelDose";
inline constexpr std::string_view kVarenummer = "https://farmalogg.no/varenummer";
inline constexpr std::string_view kGtin = "https://www.gs1.org/gtin";
inline constexpr std::string_view kAtc = "http://www.whocc.no/atc";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kIso3166 = "urn:iso:std:iso:3166";
inline constexpr std::string_view kLanguage = "urn:ietf:bcp:47";
inline constexpr std::string_view kPublicationStatus = "http://hl7.org/fhir/publication-status";
inline constexpr std::string_view kIngredientRole = "http://hl7.org/fhir/ingredient-role";
// Project-local code system for concepts FEST has and no international code system covers.
inline constexpr std::string_view kLocalConcepts =
    "https://fhir-gateway.example.no/fhir/CodeSystem/fest-idmp-concepts";
inline constexpr std::string_view kVolvenPrefix = "urn:oid:2.16.578.1.12.4.1.1.";

// Volven code systems (urn:oid:2.16.578.1.12.4.1.1.<n>).
inline constexpr std::string_view kVolvenAtc = "7180";
inline constexpr std::string_view kVolvenReseptgruppe = "7421";
inline constexpr std::string_view kVolvenPreparattype = "7424";
inline constexpr std::string_view kVolvenStyrkeoperator = "7445";
inline constexpr std::string_view kVolvenVaksinestandard = "7447";
inline constexpr std::string_view kVolvenLegemiddelform = "7448";
inline constexpr std::string_view kVolvenPakningstype = "7449";
inline constexpr std::string_view kVolvenByttegruppe = "7450";
inline constexpr std::string_view kVolvenEnhetPakning = "7452";
inline constexpr std::string_view kVolvenDeling = "7472";
inline constexpr std::string_view kVolvenAdministrasjonsvei = "7477";
inline constexpr std::string_view kVolvenEnhetDosering = "7480";
inline constexpr std::string_view kVolvenRelevans = "7483";
inline constexpr std::string_view kVolvenKildegrunnlag = "7485";
inline constexpr std::string_view kVolvenOppbevaring = "7487";
inline constexpr std::string_view kVolvenJaNeiUkjent = "1103";
inline constexpr std::string_view kVolvenStyrkeEnhet = "9090";

inline std::string volven(std::string_view number) {
  return std::string(kVolvenPrefix) + std::string(number);
}

}  // namespace gateway::medication::systems
