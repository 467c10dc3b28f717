// JWS compact serialization (RFC 7515): splitting, strict decoding of header and payload,
// and signature verification for an algorithm chosen by configuration, not by the token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/algorithm.hpp"
#include "auth/jwk.hpp"

namespace gateway::auth {

struct DecodedJws {
  nlohmann::json header;           // a JSON object
  nlohmann::json payload;          // a JSON object
  std::string signature;           // raw bytes
  std::string_view signing_input;  // "header.payload" inside the original text
};

// Number of '.' separators; 4 means a JWE.
std::size_t count_segments(std::string_view compact);

// The three segments of a compact JWS, not decoded; views into the text.
struct JwsSegments {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // "header.payload"
};
// Exactly three non-empty segments, nothing decoded yet.
std::optional<JwsSegments> split_jws(std::string_view compact);

// Exactly three non-empty base64url segments whose first two decode to JSON objects
// without duplicate top-level members. `compact` must outlive the result.
std::optional<DecodedJws> decode_jws(std::string_view compact);

// Parses a JSON object, refusing duplicate top-level member names; never throws.
std::optional<nlohmann::json> parse_json_object(std::string_view text);

// Verifies `signature` over `signing_input` with `alg` (one-off: a SignatureVerifier
// prepared for this call). False if `jwk` does not fit `alg`. ES* signatures are raw r||s.
bool verify_signature(Algorithm alg, const PublicJwk& jwk, std::string_view signing_input,
                      std::string_view signature);

// JSON NumericDate: integer or float; nullopt for anything else.
std::optional<std::int64_t> numeric_date(const nlohmann::json& value);

// A string member of an object, or nullopt when absent or not a string.
std::optional<std::string> string_claim(const nlohmann::json& object, std::string_view name);

}  // namespace gateway::auth
