// The trust-framework (tillitsrammeverk) attestation as typed data: who the practitioner is,
// why they access (care relationship, purpose of use) and which patients it covers.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gateway::auth {

struct AttestedIdentifier {
  std::string id;
  std::string name;
  std::string system;
  std::string authority;
};

struct AttestedCode {
  std::string code;
  std::string text;
  std::string system;
  std::string assigner;
};

struct DecisionRef {
  std::string id;
  std::optional<bool> user_selected;
  std::string description;
};

struct AttestedPractitioner {
  std::optional<AttestedIdentifier> identifier;
  std::optional<AttestedIdentifier> hpr_number;
  std::optional<AttestedCode> authorization;
  std::optional<AttestedIdentifier> legal_entity;
  std::optional<AttestedIdentifier> point_of_care;
  std::optional<AttestedIdentifier> department;
};

struct CareRelationship {
  std::optional<AttestedCode> healthcare_service;
  std::optional<AttestedCode> purpose_of_use;
  std::optional<AttestedCode> purpose_of_use_details;
  std::optional<DecisionRef> decision_ref;
};

struct AttestedPatient {
  std::optional<AttestedIdentifier> identifier;
  std::optional<AttestedIdentifier> point_of_care;
  std::optional<AttestedIdentifier> department;
};

struct Attestation {
  AttestedPractitioner practitioner;
  CareRelationship care_relationship;
  std::vector<AttestedPatient> patients;
};

}  // namespace gateway::auth
