// Finds and parses the trust-framework attestation in an access-token payload: the claim
// "nhn:tillitsrammeverk:parameters" (object or JSON string) or an authorization_details
// item of that type. Lenient about unknown and missing members and known naming drift.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/attestation.hpp"

namespace gateway::auth {

inline constexpr std::string_view kAttestationType = "nhn:tillitsrammeverk:parameters";
inline constexpr std::string_view kPurposeOfUseSystem = "urn:oid:2.16.840.1.113883.1.11.20448";
// The national person identifiers an attestation names a patient by.
inline constexpr std::string_view kFodselsnummerSystem = "urn:oid:2.16.578.1.12.4.1.4.1";
inline constexpr std::string_view kDNummerSystem = "urn:oid:2.16.578.1.12.4.1.4.2";
inline constexpr std::string_view kHNummerSystem = "urn:oid:2.16.578.1.12.4.1.4.3";

struct AttestationParse {
  std::optional<Attestation> attestation;
  std::string problem;  // set when an attestation is present but unusable
};

AttestationParse find_attestation(const nlohmann::json& payload);
// Reads one attestation object (the value of the claim or the authorization_details item).
std::optional<Attestation> parse_attestation(const nlohmann::json& object);

// TREAT, ETREAT, COC or BTG in exactly the HL7 PurposeOfUse system (kPurposeOfUseSystem).
bool is_accepted_purpose_of_use(const AttestedCode& code);

// Fødselsnummer, D-nummer or H-nummer (felles hjelpenummer).
bool is_national_person_system(std::string_view system);

}  // namespace gateway::auth
