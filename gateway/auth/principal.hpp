// Who is calling: the validated identity the trust layer hands to handlers and the access
// log. Never contains the token itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/attestation.hpp"

namespace gateway::auth {

struct Principal {
  // Client (always present for HelseID tokens).
  std::string client_id;
  std::string client_name;  // for logs only, never for access decisions (NHN)
  std::string client_amr;
  std::string orgnr_parent;
  std::string orgnr_child;
  std::string orgnr_supplier;

  // User (empty for machine tokens).
  std::string pid;
  std::string hpr_number;
  std::string security_level;  // a string in HelseID tokens, e.g. "4"
  std::string subject;

  std::vector<std::string> scopes;
  std::optional<Attestation> attestation;
  // Why a present attestation could not be used (for the log only); empty otherwise.
  std::string attestation_problem;

  std::string token_id;   // jti, for audit correlation
  std::string token_kid;  // kid of the issuer key that signed the token, for the log
  std::string dpop_jkt;   // cnf.jkt when DPoP-bound
  std::int64_t expires_at = 0;

  bool is_user() const { return !pid.empty(); }
};

}  // namespace gateway::auth
